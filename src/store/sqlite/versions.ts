/** SQLite: dataset versions and what a new version carries forward from the last. */
import { type Row, str, versionFrom } from '../row-mapping';
import { type DatasetVersionRow, ROOT_TABLES, type VersionStore } from '../run-store';
import type { SqliteConnection } from './connection';

export function sqliteVersionStore(conn: SqliteConnection): VersionStore {
  return {
    async registerVersion(dataset: string, runName: string, createdAt: string): Promise<DatasetVersionRow> {
      conn.transaction(() => {
        const existing = conn.db.prepare('SELECT 1 FROM dataset_versions WHERE dataset = ? AND run_name = ?').get(dataset, runName);
        if (existing) return;
        conn.db
          .prepare(
            `INSERT INTO dataset_versions
             SELECT ?, COALESCE(MAX(version), 0) + 1, ?, 'running', ? FROM dataset_versions WHERE dataset = ?`,
          )
          .run(dataset, runName, createdAt, dataset);
      });
      const row = conn.db.prepare('SELECT * FROM dataset_versions WHERE dataset = ? AND run_name = ?').get(dataset, runName) as Row;
      return versionFrom(row);
    },

    async completeVersion(dataset: string, runName: string): Promise<void> {
      conn.db.prepare("UPDATE dataset_versions SET status = 'completed' WHERE dataset = ? AND run_name = ?").run(dataset, runName);
    },

    async listVersions(dataset: string): Promise<DatasetVersionRow[]> {
      return (conn.db.prepare('SELECT * FROM dataset_versions WHERE dataset = ? ORDER BY version').all(dataset) as Row[]).map(versionFrom);
    },

    async unchangedRoots(fromRun: string, toRun: string): Promise<string[]> {
      const rows = conn.db
        .prepare(
          `SELECT t.root_id FROM roots t JOIN roots f ON f.run_name = ? AND f.root_id = t.root_id AND f.content_hash = t.content_hash
           WHERE t.run_name = ? ORDER BY t.seq`,
        )
        .all(fromRun, toRun) as Row[];
      return rows.map((row) => str(row, 'root_id'));
    },

    async carryForwardRoots(fromRun: string, toRun: string, rootIds: readonly string[]): Promise<void> {
      conn.transaction(() => {
        for (let start = 0; start < rootIds.length; start += 500) {
          const chunk = rootIds.slice(start, start + 500);
          const marks = chunk.map(() => '?').join(', ');
          for (const table of ROOT_TABLES) {
            conn.db.prepare(`DELETE FROM ${table} WHERE run_name = ? AND root_id IN (${marks})`).run(toRun, ...chunk);
            const columns = conn.columnsAfterRunName(table);
            conn.db
              .prepare(`INSERT INTO ${table} SELECT ?, ${columns} FROM ${table} WHERE run_name = ? AND root_id IN (${marks})`)
              .run(toRun, fromRun, ...chunk);
          }
        }
      });
    },

    async carryForwardArtifacts(fromRun: string, toRun: string, names: readonly string[]): Promise<void> {
      conn.transaction(() => {
        for (const name of names) {
          conn.db.prepare('INSERT OR REPLACE INTO artifacts SELECT ?, name, json FROM artifacts WHERE run_name = ? AND name = ?').run(toRun, fromRun, name);
        }
        conn.db.prepare('DELETE FROM example_traces WHERE run_name = ?').run(toRun);
        conn.db.prepare(`INSERT INTO example_traces SELECT ?, ${conn.columnsAfterRunName('example_traces')} FROM example_traces WHERE run_name = ?`).run(toRun, fromRun);
      });
    },
  };
}
