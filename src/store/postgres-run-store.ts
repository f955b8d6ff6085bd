/**
 * The shared RunStore: PostgreSQL, for workers on several machines (one Temporal task queue, one
 * database). The embedded SQLite store stays the default; one setting, AUGCON_STORE_URL, selects this
 * one (a postgres:// URL). Same tables and natural keys as the SQLite store, and the same results for
 * the same calls (test/store/run-store-conformance.ts holds both to that).
 *
 * Concurrent workers and retries: every write is `INSERT ... ON CONFLICT (natural key) DO UPDATE`, and
 * the replace* methods delete and re-insert in one transaction that first takes an advisory lock on
 * what it replaces, so two workers running the same activity attempt leave exactly one copy.
 * Text keys are `COLLATE "C"`: byte order, as SQLite's ORDER BY, whatever the database's locale.
 * One file per stage (RunStore's stage interfaces) in src/store/postgres/, all over one
 * PostgresConnection (pool, schema, upserts, transactions).
 */
import type { RunStore } from './run-store';
import { PostgresConnection, type PostgresRunStoreOptions } from './postgres/connection';
import { postgresRunRecordStore } from './postgres/runs';
import { postgresCorpusStore } from './postgres/corpus';
import { postgresCstStore } from './postgres/cst';
import { postgresScorerStore } from './postgres/scorer';
import { postgresAnswerStore } from './postgres/answers';
import { postgresVersionStore } from './postgres/versions';
import { postgresResponseCacheStore } from './postgres/cache';
import { postgresBatchStore } from './postgres/batches';

export type { PostgresRunStoreOptions };

/** Connects and creates the tables if missing (serialized across workers by an advisory lock). */
export async function openPostgresRunStore(url: string, options: PostgresRunStoreOptions = {}): Promise<RunStore> {
  const conn = await PostgresConnection.open(url, options);
  return {
    ...postgresRunRecordStore(conn),
    ...postgresCorpusStore(conn),
    ...postgresCstStore(conn),
    ...postgresScorerStore(conn),
    ...postgresAnswerStore(conn),
    ...postgresVersionStore(conn),
    ...postgresResponseCacheStore(conn),
    ...postgresBatchStore(conn),
    close: () => conn.close(),
  };
}
