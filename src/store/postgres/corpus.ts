/** PostgreSQL: stage 0: the run's documents, roots and ingest diagnostics, and the roots still to expand. */
import { diagnosticFrom, documentFrom, num, rootRefFrom, str, rootFrom } from '../row-mapping';
import type { CorpusCounts, CorpusStore, DiagnosticRow, DocumentRow, RootRef, RootRow, Script } from '../run-store';
import type { PostgresConnection } from './connection';

export function postgresCorpusStore(conn: PostgresConnection): CorpusStore {
  return {
    async replaceCorpus(runName: string, corpus: { documents: DocumentRow[]; roots: RootRow[]; diagnostics: DiagnosticRow[] }): Promise<void> {
      await conn.transaction(async (client) => {
        await conn.lockScope(client, 'corpus', runName);
        for (const table of ['documents', 'roots', 'diagnostics']) await client.query(`DELETE FROM ${table} WHERE run_name = $1`, [runName]);
        await conn.bulkUpsert(
          client,
          'documents',
          corpus.documents.map((d) => ({
            run_name: runName, doc_id: d.docId, source_path: d.sourcePath, content_hash: d.contentHash, chars: d.chars, script: d.script,
          })),
        );
        await conn.bulkUpsert(
          client,
          'roots',
          corpus.roots.map((r) => ({
            run_name: runName, root_id: r.rootId, seq: r.seq, doc_id: r.docId, idx: r.index, text: r.text, chars: r.chars, content_hash: r.contentHash,
            script: r.script, length_scale: r.lengthScale, start_offset: r.startOffset, end_offset: r.endOffset,
          })),
        );
        await conn.bulkUpsert(
          client,
          'diagnostics',
          corpus.diagnostics.map((g, seq) => ({
            run_name: runName, seq, path: g.path, line: g.line, severity: g.severity, code: g.code, message: g.message,
          })),
        );
      });
    },

    async listRootRefs(runName: string, afterSeq: number, limit: number): Promise<RootRef[]> {
      const rows = await conn.rows(
        'SELECT root_id, seq, doc_id, idx, chars, script, length_scale FROM roots WHERE run_name = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [runName, afterSeq, limit],
      );
      return rows.map(rootRefFrom);
    },

    async getRoot(runName: string, rootId: string): Promise<RootRow | undefined> {
      const row = await conn.row('SELECT * FROM roots WHERE run_name = $1 AND root_id = $2', [runName, rootId]);
      return row && rootFrom(row);
    },

    async corpusScripts(runName: string): Promise<Record<Script, number>> {
      const counts: Record<Script, number> = { cjk: 0, latin: 0 };
      for (const row of await conn.rows('SELECT script, COUNT(*) AS n FROM roots WHERE run_name = $1 GROUP BY script', [runName])) {
        counts[str(row, 'script') as Script] = num(row, 'n');
      }
      return counts;
    },

    async listPendingRoots(runName: string, afterSeq: number, limit: number): Promise<RootRef[]> {
      const rows = await conn.rows(
        `SELECT r.root_id, r.seq, r.doc_id, r.idx, r.chars, r.script, r.length_scale FROM roots r
         WHERE r.run_name = $1 AND r.seq > $2
           AND NOT EXISTS (SELECT 1 FROM root_outcomes o WHERE o.run_name = r.run_name AND o.root_id = r.root_id)
         ORDER BY r.seq LIMIT $3`,
        [runName, afterSeq, limit],
      );
      return rows.map(rootRefFrom);
    },

    async listDocuments(runName: string): Promise<DocumentRow[]> {
      const rows = await conn.rows('SELECT * FROM documents WHERE run_name = $1 ORDER BY doc_id', [runName]);
      return rows.map(documentFrom);
    },

    async listDiagnostics(runName: string): Promise<DiagnosticRow[]> {
      const rows = await conn.rows('SELECT * FROM diagnostics WHERE run_name = $1 ORDER BY seq', [runName]);
      return rows.map(diagnosticFrom);
    },

    async corpusCounts(runName: string): Promise<CorpusCounts> {
      const row = (await conn.row(
        `SELECT (SELECT COUNT(*) FROM documents WHERE run_name = $1) AS documents,
                (SELECT COUNT(*) FROM roots WHERE run_name = $1) AS roots,
                (SELECT COALESCE(SUM(chars), 0) FROM roots WHERE run_name = $1) AS root_chars,
                (SELECT COUNT(*) FROM diagnostics WHERE run_name = $1 AND severity = 'error') AS errors,
                (SELECT COUNT(*) FROM diagnostics WHERE run_name = $1 AND severity = 'warning') AS warnings`,
        [runName],
      ))!;
      return {
        documents: num(row, 'documents'),
        roots: num(row, 'roots'),
        rootChars: num(row, 'root_chars'),
        diagnostics: { errors: num(row, 'errors'), warnings: num(row, 'warnings') },
      };
    },
  };
}
