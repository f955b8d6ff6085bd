/** SQLite: the requests a batch-mode run queued for the Batch API, and which batch each went into. */
import { batchCountsByState, directOrQueued, num, str, type Row } from '../row-mapping';
import type { BatchRequestRow, BatchStore } from '../run-store';
import type { SqliteConnection } from './connection';

export function sqliteBatchStore(conn: SqliteConnection): BatchStore {
  const listBatchRequests: BatchStore['listBatchRequests'] = async (runName, batch) => {
    const rows = conn.db.prepare('SELECT cache_key, body FROM batch_requests WHERE run_name = ? AND batch = ? ORDER BY cache_key').all(runName, batch) as Row[];
    return rows.map((row): BatchRequestRow => ({ key: str(row, 'cache_key'), body: str(row, 'body') }));
  };

  return {
    async deferBatchRequest(runName, key, body) {
      conn.db.prepare("INSERT INTO batch_requests VALUES (?, ?, ?, 'queued', NULL) ON CONFLICT (run_name, cache_key) DO NOTHING").run(runName, key, body);
      const row = conn.db.prepare('SELECT state FROM batch_requests WHERE run_name = ? AND cache_key = ?').get(runName, key) as Row;
      return directOrQueued(str(row, 'state'));
    },

    async claimBatchRequests(runName, batch) {
      conn.transaction(() => {
        conn.db.prepare("UPDATE batch_requests SET state = 'submitted', batch = ? WHERE run_name = ? AND state = 'queued' AND batch IS NULL").run(batch, runName);
      });
      return listBatchRequests(runName, batch);
    },

    listBatchRequests,

    async settleBatchRequests(runName, keys, state) {
      const update = conn.db.prepare('UPDATE batch_requests SET state = ? WHERE run_name = ? AND cache_key = ?');
      conn.transaction(() => {
        for (const key of keys) update.run(state, runName, key);
      });
    },

    async batchRequestCounts(runName) {
      const rows = conn.db.prepare('SELECT state, COUNT(*) AS n FROM batch_requests WHERE run_name = ? GROUP BY state').all(runName) as Row[];
      const batches = conn.db.prepare('SELECT COUNT(DISTINCT batch) AS n FROM batch_requests WHERE run_name = ?').get(runName) as Row;
      return batchCountsByState(rows.map((row) => [str(row, 'state'), num(row, 'n')]), num(batches, 'n'));
    },
  };
}
