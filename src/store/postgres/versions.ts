/** PostgreSQL: dataset versions and what a new version carries forward from the last. */
import { str, versionFrom } from '../row-mapping';
import { type DatasetVersionRow, ROOT_TABLES, type VersionStore } from '../run-store';
import { type PostgresConnection, TABLES, type TableSpec } from './connection';

export function postgresVersionStore(conn: PostgresConnection): VersionStore {
  return {
    async registerVersion(dataset: string, runName: string, createdAt: string): Promise<DatasetVersionRow> {
      await conn.transaction(async (client) => {
        await conn.lockScope(client, 'dataset', dataset);
        await client.query(
          `INSERT INTO dataset_versions (dataset, version, run_name, status, created_at)
           SELECT $1::text, COALESCE(MAX(version), 0) + 1, $2::text, 'running', $3::text FROM dataset_versions WHERE dataset = $1::text
           ON CONFLICT (dataset, run_name) DO NOTHING`,
          [dataset, runName, createdAt],
        );
      });
      const row = await conn.row('SELECT * FROM dataset_versions WHERE dataset = $1 AND run_name = $2', [dataset, runName]);
      return versionFrom(row!);
    },

    async completeVersion(dataset: string, runName: string): Promise<void> {
      await conn.pool.query("UPDATE dataset_versions SET status = 'completed' WHERE dataset = $1 AND run_name = $2", [dataset, runName]);
    },

    async listVersions(dataset: string): Promise<DatasetVersionRow[]> {
      return (await conn.rows('SELECT * FROM dataset_versions WHERE dataset = $1 ORDER BY version', [dataset])).map(versionFrom);
    },

    async unchangedRoots(fromRun: string, toRun: string): Promise<string[]> {
      const rows = await conn.rows(
        `SELECT t.root_id FROM roots t JOIN roots f ON f.run_name = $1 AND f.root_id = t.root_id AND f.content_hash = t.content_hash
         WHERE t.run_name = $2 ORDER BY t.seq`,
        [fromRun, toRun],
      );
      return rows.map((row) => str(row, 'root_id'));
    },

    async carryForwardRoots(fromRun: string, toRun: string, rootIds: readonly string[]): Promise<void> {
      await conn.transaction(async (client) => {
        await conn.lockScope(client, 'carry', toRun);
        for (const table of ROOT_TABLES) {
          const columns = (TABLES[table] as TableSpec).columns.map(([name]) => name).filter((name) => name !== 'run_name');
          await client.query(`DELETE FROM ${table} WHERE run_name = $1 AND root_id = ANY($2::text[])`, [toRun, rootIds]);
          await client.query(
            `INSERT INTO ${table} (run_name, ${columns.join(', ')})
             SELECT $1::text, ${columns.join(', ')} FROM ${table} WHERE run_name = $2 AND root_id = ANY($3::text[])`,
            [toRun, fromRun, rootIds],
          );
        }
      });
    },

    async carryForwardArtifacts(fromRun: string, toRun: string, names: readonly string[]): Promise<void> {
      await conn.transaction(async (client) => {
        await conn.lockScope(client, 'carry', toRun);
        await client.query(
          `INSERT INTO artifacts (run_name, name, json) SELECT $1::text, name, json FROM artifacts WHERE run_name = $2 AND name = ANY($3::text[])
           ON CONFLICT (run_name, name) DO UPDATE SET json = EXCLUDED.json`,
          [toRun, fromRun, names],
        );
        const columns = (TABLES.example_traces as TableSpec).columns.map(([name]) => name).filter((name) => name !== 'run_name');
        await client.query('DELETE FROM example_traces WHERE run_name = $1', [toRun]);
        await client.query(
          `INSERT INTO example_traces (run_name, ${columns.join(', ')}) SELECT $1::text, ${columns.join(', ')} FROM example_traces WHERE run_name = $2`,
          [toRun, fromRun],
        );
      });
    },
  };
}
