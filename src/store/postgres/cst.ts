/** PostgreSQL: stage 1: CST candidates, drops and each root's outcome, and the roots after a pass. */
import { candidateFrom, dropFrom, outcomeFrom, rootAfterPassFrom, rootRefFrom } from '../row-mapping';
import type { CandidateRow, CstStore, DropRow, RootAfterPass, RootOutcomeRow, RootRef } from '../run-store';
import { type PostgresConnection, usageValues } from './connection';

export function postgresCstStore(conn: PostgresConnection): CstStore {
  return {
    async listRootsAfterPass(runName: string, passes: number, afterSeq: number, limit: number): Promise<RootAfterPass[]> {
      const rows = await conn.rows(
        `SELECT r.root_id, r.seq, r.doc_id, r.idx, r.chars, r.script, r.length_scale,
                o.quota, o.candidates, o.drops, o.passes, o.nodes,
                CAST((SELECT COUNT(*) FROM filter_decisions f WHERE f.run_name = r.run_name AND f.root_id = r.root_id AND f.kept) AS INTEGER) AS kept
         FROM roots r JOIN root_outcomes o ON o.run_name = r.run_name AND o.root_id = r.root_id
         WHERE r.run_name = $1 AND r.seq > $2 AND o.error IS NULL AND o.passes = $3
         ORDER BY r.seq LIMIT $4`,
        [runName, afterSeq, passes, limit],
      );
      return rows.map(rootAfterPassFrom);
    },

    async listRootRefsWithPass(runName: string, pass: number, afterSeq: number, limit: number): Promise<RootRef[]> {
      const rows = await conn.rows(
        `SELECT r.root_id, r.seq, r.doc_id, r.idx, r.chars, r.script, r.length_scale
         FROM roots r JOIN root_outcomes o ON o.run_name = r.run_name AND o.root_id = r.root_id
         WHERE r.run_name = $1 AND r.seq > $2 AND o.passes >= $3 ORDER BY r.seq LIMIT $4`,
        [runName, afterSeq, pass, limit],
      );
      return rows.map(rootRefFrom);
    },

    async putCandidate(runName: string, c: CandidateRow): Promise<void> {
      await conn.upsert('candidates', {
        run_name: runName, root_id: c.rootId, pass: c.pass, path: c.path, doc_id: c.docId, depth: c.depth, context: c.context, question: c.question,
        model: c.model, ...usageValues(c.usage), attempts: c.attempts, leaf_reason: c.leafReason, grounding1: c.grounding[0], grounding2: c.grounding[1],
        created_at: c.createdAt,
      });
    },

    async putDrop(runName: string, d: DropRow): Promise<void> {
      await conn.upsert('drops', {
        run_name: runName, root_id: d.rootId, pass: d.pass, path: d.path, stage: d.stage, doc_id: d.docId, depth: d.depth, context: d.context,
        reason: d.reason, detail: d.detail, attempts: d.attempts, ...usageValues(d.usage), created_at: d.createdAt,
      });
    },

    async putRootOutcome(runName: string, o: RootOutcomeRow): Promise<void> {
      await conn.upsert('root_outcomes', {
        run_name: runName, root_id: o.rootId, doc_id: o.docId, quota: o.quota, candidates: o.candidates, drops: o.drops, passes: o.passes,
        nodes: o.nodes, error: o.error,
      });
    },

    async listRootOutcomes(runName: string): Promise<RootOutcomeRow[]> {
      const rows = await conn.rows(
        `SELECT o.* FROM root_outcomes o JOIN roots r ON r.run_name = o.run_name AND r.root_id = o.root_id
         WHERE o.run_name = $1 ORDER BY r.seq`,
        [runName],
      );
      return rows.map(outcomeFrom);
    },

    async listRootCandidates(runName: string, rootId: string): Promise<CandidateRow[]> {
      const rows = await conn.rows('SELECT * FROM candidates WHERE run_name = $1 AND root_id = $2 ORDER BY pass, path', [runName, rootId]);
      return rows.map(candidateFrom);
    },

    async listCandidates(runName: string): Promise<CandidateRow[]> {
      const rows = await conn.rows(
        `SELECT c.* FROM candidates c JOIN roots r ON r.run_name = c.run_name AND r.root_id = c.root_id
         WHERE c.run_name = $1 ORDER BY r.seq, c.pass, c.path`,
        [runName],
      );
      return rows.map(candidateFrom);
    },

    async listDrops(runName: string): Promise<DropRow[]> {
      const rows = await conn.rows(
        `SELECT d.* FROM drops d JOIN roots r ON r.run_name = d.run_name AND r.root_id = d.root_id
         WHERE d.run_name = $1 ORDER BY r.seq, d.pass, d.path, d.stage`,
        [runName],
      );
      return rows.map(dropFrom);
    },
  };
}
