/** SQLite: stage 0: the run's documents, roots and ingest diagnostics, and the roots still to expand. */
import { type Row, diagnosticFrom, documentFrom, num, rootRefFrom, str, rootFrom } from '../row-mapping';
import type { CorpusCounts, CorpusStore, DiagnosticRow, DocumentRow, RootRef, RootRow, Script } from '../run-store';
import type { SqliteConnection } from './connection';

export function sqliteCorpusStore(conn: SqliteConnection): CorpusStore {
  return {
    async replaceCorpus(runName: string, corpus: { documents: DocumentRow[]; roots: RootRow[]; diagnostics: DiagnosticRow[] }): Promise<void> {
      conn.transaction(() => {
        for (const table of ['documents', 'roots', 'diagnostics']) conn.db.prepare(`DELETE FROM ${table} WHERE run_name = ?`).run(runName);
        const insertDocument = conn.db.prepare('INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)');
        for (const d of corpus.documents) insertDocument.run(runName, d.docId, d.sourcePath, d.contentHash, d.chars, d.script);
        const insertRoot = conn.db.prepare('INSERT INTO roots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
        for (const r of corpus.roots) {
          insertRoot.run(runName, r.rootId, r.seq, r.docId, r.index, r.text, r.chars, r.contentHash, r.script, r.lengthScale, r.startOffset, r.endOffset);
        }
        const insertDiagnostic = conn.db.prepare('INSERT INTO diagnostics VALUES (?, ?, ?, ?, ?, ?, ?)');
        corpus.diagnostics.forEach((g, seq) => insertDiagnostic.run(runName, seq, g.path, g.line ?? null, g.severity, g.code, g.message));
      });
    },

    async listRootRefs(runName: string, afterSeq: number, limit: number): Promise<RootRef[]> {
      const rows = conn.db
        .prepare('SELECT root_id, seq, doc_id, idx, chars, script, length_scale FROM roots WHERE run_name = ? AND seq > ? ORDER BY seq LIMIT ?')
        .all(runName, afterSeq, limit) as Row[];
      return rows.map(rootRefFrom);
    },

    async getRoot(runName: string, rootId: string): Promise<RootRow | undefined> {
      const row = conn.db.prepare('SELECT * FROM roots WHERE run_name = ? AND root_id = ?').get(runName, rootId) as Row | undefined;
      return row && rootFrom(row);
    },

    async corpusScripts(runName: string): Promise<Record<Script, number>> {
      const counts: Record<Script, number> = { cjk: 0, latin: 0 };
      for (const row of conn.db.prepare('SELECT script, COUNT(*) AS n FROM roots WHERE run_name = ? GROUP BY script').all(runName) as Row[]) {
        counts[str(row, 'script') as Script] = num(row, 'n');
      }
      return counts;
    },

    async listPendingRoots(runName: string, afterSeq: number, limit: number): Promise<RootRef[]> {
      const rows = conn.db
        .prepare(
          `SELECT r.root_id, r.seq, r.doc_id, r.idx, r.chars, r.script, r.length_scale FROM roots r
           WHERE r.run_name = ? AND r.seq > ?
             AND NOT EXISTS (SELECT 1 FROM root_outcomes o WHERE o.run_name = r.run_name AND o.root_id = r.root_id)
           ORDER BY r.seq LIMIT ?`,
        )
        .all(runName, afterSeq, limit) as Row[];
      return rows.map(rootRefFrom);
    },

    async listDocuments(runName: string): Promise<DocumentRow[]> {
      const rows = conn.db.prepare('SELECT * FROM documents WHERE run_name = ? ORDER BY doc_id').all(runName) as Row[];
      return rows.map(documentFrom);
    },

    async listDiagnostics(runName: string): Promise<DiagnosticRow[]> {
      const rows = conn.db.prepare('SELECT * FROM diagnostics WHERE run_name = ? ORDER BY seq').all(runName) as Row[];
      return rows.map(diagnosticFrom);
    },

    async corpusCounts(runName: string): Promise<CorpusCounts> {
      const one = (sql: string): Row => conn.db.prepare(sql).get(runName) as Row;
      const roots = one('SELECT COUNT(*) AS n, COALESCE(SUM(chars), 0) AS chars FROM roots WHERE run_name = ?');
      return {
        documents: num(one('SELECT COUNT(*) AS n FROM documents WHERE run_name = ?'), 'n'),
        roots: num(roots, 'n'),
        rootChars: num(roots, 'chars'),
        diagnostics: {
          errors: num(one(`SELECT COUNT(*) AS n FROM diagnostics WHERE run_name = ? AND severity = 'error'`), 'n'),
          warnings: num(one(`SELECT COUNT(*) AS n FROM diagnostics WHERE run_name = ? AND severity = 'warning'`), 'n'),
        },
      };
    },
  };
}
