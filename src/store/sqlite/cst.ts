/** SQLite: stage 1: CST candidates, drops and each root's outcome, and the roots after a pass. */
import { type Row, candidateFrom, dropFrom, outcomeFrom, rootAfterPassFrom, rootRefFrom } from '../row-mapping';
import type { CandidateRow, CstStore, DropRow, RootAfterPass, RootOutcomeRow, RootRef } from '../run-store';
import { type SqliteConnection, paidValues } from './connection';

export function sqliteCstStore(conn: SqliteConnection): CstStore {
  return {
    async listRootsAfterPass(runName: string, passes: number, afterSeq: number, limit: number): Promise<RootAfterPass[]> {
      const rows = conn.db
        .prepare(
          `SELECT r.root_id, r.seq, r.doc_id, r.idx, r.chars, r.script, r.length_scale,
                  o.quota, o.candidates, o.drops, o.passes, o.nodes,
                  CAST((SELECT COUNT(*) FROM filter_decisions f WHERE f.run_name = r.run_name AND f.root_id = r.root_id AND f.kept = 1) AS INTEGER) AS kept
           FROM roots r JOIN root_outcomes o ON o.run_name = r.run_name AND o.root_id = r.root_id
           WHERE r.run_name = ? AND r.seq > ? AND o.error IS NULL AND o.passes = ?
           ORDER BY r.seq LIMIT ?`,
        )
        .all(runName, afterSeq, passes, limit) as Row[];
      return rows.map(rootAfterPassFrom);
    },

    async listRootRefsWithPass(runName: string, pass: number, afterSeq: number, limit: number): Promise<RootRef[]> {
      const rows = conn.db
        .prepare(
          `SELECT r.root_id, r.seq, r.doc_id, r.idx, r.chars, r.script, r.length_scale
           FROM roots r JOIN root_outcomes o ON o.run_name = r.run_name AND o.root_id = r.root_id
           WHERE r.run_name = ? AND r.seq > ? AND o.passes >= ? ORDER BY r.seq LIMIT ?`,
        )
        .all(runName, afterSeq, pass, limit) as Row[];
      return rows.map(rootRefFrom);
    },

    async putCandidate(runName: string, c: CandidateRow): Promise<void> {
      conn.db
        .prepare(
          `INSERT OR REPLACE INTO candidates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(runName, c.rootId, c.pass, c.path, c.docId, c.depth, c.context, c.question, c.model, c.usage.promptTokens, c.usage.completionTokens,
          c.usage.totalTokens, c.attempts, c.leafReason ?? null, c.grounding[0], c.grounding[1], c.createdAt, ...paidValues(c.usage));
    },

    async putDrop(runName: string, d: DropRow): Promise<void> {
      conn.db
        .prepare(`INSERT OR REPLACE INTO drops VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(runName, d.rootId, d.pass, d.path, d.stage, d.docId, d.depth, d.context, d.reason, d.detail, d.attempts, d.usage.promptTokens,
          d.usage.completionTokens, d.usage.totalTokens, d.createdAt, ...paidValues(d.usage));
    },

    async putRootOutcome(runName: string, o: RootOutcomeRow): Promise<void> {
      conn.db
        .prepare('INSERT OR REPLACE INTO root_outcomes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(runName, o.rootId, o.docId, o.quota, o.candidates, o.drops, o.passes, o.nodes, o.error ?? null);
    },

    async listRootOutcomes(runName: string): Promise<RootOutcomeRow[]> {
      const rows = conn.db
        .prepare(
          `SELECT o.* FROM root_outcomes o JOIN roots r ON r.run_name = o.run_name AND r.root_id = o.root_id
           WHERE o.run_name = ? ORDER BY r.seq`,
        )
        .all(runName) as Row[];
      return rows.map(outcomeFrom);
    },

    async listRootCandidates(runName: string, rootId: string): Promise<CandidateRow[]> {
      const rows = conn.db.prepare('SELECT * FROM candidates WHERE run_name = ? AND root_id = ? ORDER BY pass, path').all(runName, rootId) as Row[];
      return rows.map(candidateFrom);
    },

    async listCandidates(runName: string): Promise<CandidateRow[]> {
      const rows = conn.db
        .prepare(
          `SELECT c.* FROM candidates c JOIN roots r ON r.run_name = c.run_name AND r.root_id = c.root_id
           WHERE c.run_name = ? ORDER BY r.seq, c.pass, c.path`,
        )
        .all(runName) as Row[];
      return rows.map(candidateFrom);
    },

    async listDrops(runName: string): Promise<DropRow[]> {
      const rows = conn.db
        .prepare(
          `SELECT d.* FROM drops d JOIN roots r ON r.run_name = d.run_name AND r.root_id = d.root_id
           WHERE d.run_name = ? ORDER BY r.seq, d.pass, d.path, d.stage`,
        )
        .all(runName) as Row[];
      return rows.map(dropFrom);
    },
  };
}
