/** SQLite: stage 2: contrastive triples with their negatives, and the filter's decisions. */
import { type TokenUsage, zeroUsage } from '../../domain/tokens';
import { ROW_USAGE_COLUMNS, type Row, decisionFrom, tripleFrom, usageColumnValues } from '../row-mapping';
import type { FilterDecisionRow, ScorerStore, TripleRow } from '../run-store';
import type { SqliteConnection } from './connection';

export function sqliteScorerStore(conn: SqliteConnection): ScorerStore {
  return {
    async replaceTriples(runName: string, triples: TripleRow[]): Promise<void> {
      conn.transaction(() => {
        conn.db.prepare('DELETE FROM triples WHERE run_name = ?').run(runName);
        const insert = conn.db.prepare('INSERT INTO triples VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
        for (const t of triples) {
          const usage = t.usage ?? zeroUsage();
          insert.run(
            runName, t.seq, t.rootId, t.pass, t.path, t.docId, t.script, t.variant, t.context, t.positive, t.negative ?? null, t.status, t.detail ?? null,
            ...usageColumnValues(usage),
          );
        }
      });
    },

    async getTriple(runName: string, seq: number): Promise<TripleRow | undefined> {
      const row = conn.db.prepare('SELECT * FROM triples WHERE run_name = ? AND seq = ?').get(runName, seq) as Row | undefined;
      return row && tripleFrom(row);
    },

    async completeTriple(runName: string, seq: number, outcome: { negative?: string; status: 'ok' | 'failed'; detail?: string; usage?: TokenUsage }): Promise<void> {
      const assignments = ROW_USAGE_COLUMNS.map((column) => `${column} = ?`).join(', ');
      conn.db
        .prepare(`UPDATE triples SET negative = ?, status = ?, detail = ?, ${assignments} WHERE run_name = ? AND seq = ?`)
        .run(outcome.negative ?? null, outcome.status, outcome.detail ?? null, ...usageColumnValues(outcome.usage ?? zeroUsage()), runName, seq);
    },

    async listTriples(runName: string): Promise<TripleRow[]> {
      return (conn.db.prepare('SELECT * FROM triples WHERE run_name = ? ORDER BY seq').all(runName) as Row[]).map((row) => tripleFrom(row));
    },

    async replaceFilterDecisions(runName: string, rootId: string, decisions: FilterDecisionRow[]): Promise<void> {
      conn.transaction(() => {
        conn.db.prepare('DELETE FROM filter_decisions WHERE run_name = ? AND root_id = ?').run(runName, rootId);
        const insert = conn.db.prepare('INSERT INTO filter_decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
        for (const d of decisions) {
          insert.run(runName, d.rootId, d.pass, d.path, d.score, d.kept ? 1 : 0, d.rank ?? null, d.reason ?? null, d.duplicateOf ?? null, d.rouge ?? null);
        }
      });
    },

    async listFilterDecisions(runName: string): Promise<(FilterDecisionRow & { docId: string })[]> {
      const rows = conn.db
        .prepare(
          `SELECT f.*, r.doc_id FROM filter_decisions f JOIN roots r ON r.run_name = f.run_name AND r.root_id = f.root_id
           WHERE f.run_name = ? ORDER BY r.seq, f.pass, f.path`,
        )
        .all(runName) as Row[];
      return rows.map(decisionFrom);
    },
  };
}
