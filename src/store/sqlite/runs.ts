/** SQLite: the run row (claimed once), its deletion, and its named JSON artifacts. */
import { type Row, runFrom, str } from '../row-mapping';
import type { RunRecordStore, RunRow } from '../run-store';
import type { SqliteConnection } from './connection';

export function sqliteRunRecordStore(conn: SqliteConnection): RunRecordStore {
  return {
    async putRun(run: RunRow): Promise<void> {
      conn.db
        .prepare(
          `INSERT INTO runs (run_name, config_hash, settings_json, created_at, owner_workflow_id, owner_run_id) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (run_name) DO UPDATE SET config_hash = excluded.config_hash, settings_json = excluded.settings_json
           WHERE runs.owner_run_id IS excluded.owner_run_id`,
        )
        .run(run.runName, run.configHash, run.settingsJson, run.createdAt, run.owner?.workflowId ?? null, run.owner?.firstExecutionRunId ?? null);
    },

    async getRun(runName: string): Promise<RunRow | undefined> {
      const row = conn.db.prepare('SELECT * FROM runs WHERE run_name = ?').get(runName) as Row | undefined;
      return row && runFrom(row);
    },

    async deleteRun(runName: string): Promise<void> {
      const tables = (conn.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Row[])
        .map((row) => str(row, 'name'))
        .filter((table) => (conn.db.prepare(`PRAGMA table_info(${table})`).all() as Row[]).some((column) => str(column, 'name') === 'run_name'));
      conn.transaction(() => {
        for (const table of tables) conn.db.prepare(`DELETE FROM ${table} WHERE run_name = ?`).run(runName);
        // The cached replies stay; a new run of this name did not pay for them.
        conn.db.prepare('UPDATE llm_cache SET paid_by_run = NULL WHERE paid_by_run = ?').run(runName);
      });
    },

    async putArtifact(runName: string, name: string, json: string): Promise<void> {
      conn.db.prepare('INSERT OR REPLACE INTO artifacts VALUES (?, ?, ?)').run(runName, name, json);
    },

    async getArtifact(runName: string, name: string): Promise<string | undefined> {
      const row = conn.db.prepare('SELECT json FROM artifacts WHERE run_name = ? AND name = ?').get(runName, name) as Row | undefined;
      return row && str(row, 'json');
    },
  };
}
