/** PostgreSQL: stage 2: contrastive triples with their negatives, and the filter's decisions. */
import { type TokenUsage, zeroUsage } from '../../domain/tokens';
import { ROW_USAGE_COLUMNS, decisionFrom, tripleFrom, usageColumnValues } from '../row-mapping';
import type { FilterDecisionRow, ScorerStore, TripleRow } from '../run-store';
import { type PostgresConnection, usageValues } from './connection';

export function postgresScorerStore(conn: PostgresConnection): ScorerStore {
  return {
    async replaceTriples(runName: string, triples: TripleRow[]): Promise<void> {
      await conn.transaction(async (client) => {
        await conn.lockScope(client, 'triples', runName);
        await client.query('DELETE FROM triples WHERE run_name = $1', [runName]);
        await conn.bulkUpsert(
          client,
          'triples',
          triples.map((t) => ({
            run_name: runName, seq: t.seq, root_id: t.rootId, pass: t.pass, path: t.path, doc_id: t.docId, script: t.script, variant: t.variant,
            context: t.context, positive: t.positive, negative: t.negative, status: t.status, detail: t.detail, ...usageValues(t.usage ?? zeroUsage()),
          })),
        );
      });
    },

    async getTriple(runName: string, seq: number): Promise<TripleRow | undefined> {
      const row = await conn.row('SELECT * FROM triples WHERE run_name = $1 AND seq = $2', [runName, seq]);
      return row && tripleFrom(row);
    },

    async completeTriple(runName: string, seq: number, outcome: { negative?: string; status: 'ok' | 'failed'; detail?: string; usage?: TokenUsage }): Promise<void> {
      const usage = usageColumnValues(outcome.usage ?? zeroUsage());
      const assignments = ROW_USAGE_COLUMNS.map((column, i) => `${column} = $${i + 4}`).join(', ');
      await conn.pool.query(
        `UPDATE triples SET negative = $1, status = $2, detail = $3, ${assignments} WHERE run_name = $10 AND seq = $11`,
        [outcome.negative ?? null, outcome.status, outcome.detail ?? null, ...usage, runName, seq],
      );
    },

    async listTriples(runName: string): Promise<TripleRow[]> {
      return (await conn.rows('SELECT * FROM triples WHERE run_name = $1 ORDER BY seq', [runName])).map(tripleFrom);
    },

    async replaceFilterDecisions(runName: string, rootId: string, decisions: FilterDecisionRow[]): Promise<void> {
      await conn.transaction(async (client) => {
        await conn.lockScope(client, 'filter_decisions', runName, rootId);
        await client.query('DELETE FROM filter_decisions WHERE run_name = $1 AND root_id = $2', [runName, rootId]);
        await conn.bulkUpsert(
          client,
          'filter_decisions',
          decisions.map((d) => ({
            run_name: runName, root_id: d.rootId, pass: d.pass, path: d.path, score: d.score, kept: d.kept, rank: d.rank, reason: d.reason,
            duplicate_of: d.duplicateOf, rouge: d.rouge,
          })),
        );
      });
    },

    async listFilterDecisions(runName: string): Promise<(FilterDecisionRow & { docId: string })[]> {
      const rows = await conn.rows(
        `SELECT f.*, r.doc_id FROM filter_decisions f JOIN roots r ON r.run_name = f.run_name AND r.root_id = f.root_id
         WHERE f.run_name = $1 ORDER BY r.seq, f.pass, f.path`,
        [runName],
      );
      return rows.map(decisionFrom);
    },
  };
}
