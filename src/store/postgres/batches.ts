/** PostgreSQL: the requests a batch-mode run queued for the Batch API, and which batch each went into. */
import { batchCountsByState, directOrQueued, num, str } from '../row-mapping';
import type { BatchRequestRow, BatchStore } from '../run-store';
import type { PostgresConnection } from './connection';

export function postgresBatchStore(conn: PostgresConnection): BatchStore {
  const listBatchRequests: BatchStore['listBatchRequests'] = async (runName, batch) => {
    const rows = await conn.rows('SELECT cache_key, body FROM batch_requests WHERE run_name = $1 AND batch = $2 ORDER BY cache_key', [runName, batch]);
    return rows.map((row): BatchRequestRow => ({ key: str(row, 'cache_key'), body: str(row, 'body') }));
  };

  return {
    async deferBatchRequest(runName, key, body) {
      await conn.pool.query("INSERT INTO batch_requests VALUES ($1, $2, $3, 'queued', NULL) ON CONFLICT (run_name, cache_key) DO NOTHING", [runName, key, body]);
      const row = await conn.row('SELECT state FROM batch_requests WHERE run_name = $1 AND cache_key = $2', [runName, key]);
      return directOrQueued(row ? str(row, 'state') : 'queued');
    },

    async claimBatchRequests(runName, batch) {
      await conn.pool.query("UPDATE batch_requests SET state = 'submitted', batch = $1 WHERE run_name = $2 AND state = 'queued' AND batch IS NULL", [batch, runName]);
      return listBatchRequests(runName, batch);
    },

    listBatchRequests,

    async settleBatchRequests(runName, keys, state) {
      await conn.pool.query('UPDATE batch_requests SET state = $1 WHERE run_name = $2 AND cache_key = ANY($3::text[])', [state, runName, [...keys]]);
    },

    async batchRequestCounts(runName) {
      const rows = await conn.rows('SELECT state, COUNT(*) AS n FROM batch_requests WHERE run_name = $1 GROUP BY state', [runName]);
      const batches = await conn.row('SELECT COUNT(DISTINCT batch) AS n FROM batch_requests WHERE run_name = $1', [runName]);
      return batchCountsByState(rows.map((row) => [str(row, 'state'), num(row, 'n')]), batches ? num(batches, 'n') : 0);
    },
  };
}
