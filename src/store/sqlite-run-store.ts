/**
 * The embedded RunStore: one SQLite file per workspace through Node 24's node:sqlite (nothing to
 * install). WAL mode and a busy timeout let several worker processes on one machine share the file.
 * Writes are upserts on natural keys, so retries and replays never duplicate a row. One file per
 * stage (RunStore's stage interfaces) in src/store/sqlite/, all over one SqliteConnection.
 */
import type { RunStore } from './run-store';
import { SqliteConnection } from './sqlite/connection';
import { sqliteRunRecordStore } from './sqlite/runs';
import { sqliteCorpusStore } from './sqlite/corpus';
import { sqliteCstStore } from './sqlite/cst';
import { sqliteScorerStore } from './sqlite/scorer';
import { sqliteAnswerStore } from './sqlite/answers';
import { sqliteVersionStore } from './sqlite/versions';
import { sqliteResponseCacheStore } from './sqlite/cache';
import { sqliteBatchStore } from './sqlite/batches';

/** The store's file name inside a worker's data directory. */
export const STORE_FILE = 'augcon.sqlite';

export type SqliteRunStore = RunStore & { readonly file: string };

/** Opens (creating if missing) the store in `file`, or an in-memory one for ':memory:'. */
export function openSqliteRunStore(file: string): SqliteRunStore {
  const conn = new SqliteConnection(file);
  return {
    file,
    ...sqliteRunRecordStore(conn),
    ...sqliteCorpusStore(conn),
    ...sqliteCstStore(conn),
    ...sqliteScorerStore(conn),
    ...sqliteAnswerStore(conn),
    ...sqliteVersionStore(conn),
    ...sqliteResponseCacheStore(conn),
    ...sqliteBatchStore(conn),
    close: () => conn.close(),
  };
}
