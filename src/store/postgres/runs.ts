/** PostgreSQL: the run row (claimed once), its deletion, and its named JSON artifacts. */
import { runFrom, str } from '../row-mapping';
import type { RunRecordStore, RunRow } from '../run-store';
import { type PostgresConnection, RUN_TABLES, UPSERT_SQL, orderedValues } from './connection';

export function postgresRunRecordStore(conn: PostgresConnection): RunRecordStore {
  return {
    async putRun(run: RunRow): Promise<void> {
      // The generic upsert, except that a row another execution owns is left alone.
      await conn.pool.query(
        `${UPSERT_SQL.runs} WHERE runs.owner_run_id IS NOT DISTINCT FROM EXCLUDED.owner_run_id`,
        orderedValues('runs', {
          run_name: run.runName,
          config_hash: run.configHash,
          settings_json: run.settingsJson,
          created_at: run.createdAt,
          owner_workflow_id: run.owner?.workflowId,
          owner_run_id: run.owner?.firstExecutionRunId,
        }),
      );
    },

    async getRun(runName: string): Promise<RunRow | undefined> {
      const row = await conn.row('SELECT * FROM runs WHERE run_name = $1', [runName]);
      return row && runFrom(row);
    },

    async deleteRun(runName: string): Promise<void> {
      await conn.transaction(async (client) => {
        // Waits for a replaceCorpus of the run in flight, so none lands after the delete.
        await conn.lockScope(client, 'corpus', runName);
        for (const table of RUN_TABLES) await client.query(`DELETE FROM ${table} WHERE run_name = $1`, [runName]);
        // The cached replies stay; a new run of this name did not pay for them.
        await client.query('UPDATE llm_cache SET paid_by_run = NULL WHERE paid_by_run = $1', [runName]);
      });
    },

    async putArtifact(runName: string, name: string, json: string): Promise<void> {
      await conn.upsert('artifacts', { run_name: runName, name, json });
    },

    async getArtifact(runName: string, name: string): Promise<string | undefined> {
      const row = await conn.row('SELECT json FROM artifacts WHERE run_name = $1 AND name = $2', [runName, name]);
      return row && str(row, 'json');
    },
  };
}
