/**
 * Picks the run store from one setting: AUGCON_STORE_URL (a postgres:// URL: every worker on every
 * machine shares it) or, unset, the embedded SQLite file `<dataDir>/augcon.sqlite` (one machine,
 * nothing to install). The URL may hold a password, so it is read from the environment only and
 * never logged: describeStore() names the store without its credentials.
 */
import { join } from 'node:path';
import { openPostgresRunStore } from './postgres-run-store';
import type { RunStore } from './run-store';
import { openSqliteRunStore, STORE_FILE } from './sqlite-run-store';

export function storeUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.AUGCON_STORE_URL || undefined;
}

export async function openRunStore(options: { dataDir: string; url?: string }): Promise<RunStore> {
  if (options.url) {
    if (!/^postgres(ql)?:\/\//.test(options.url)) throw new Error('AUGCON_STORE_URL: expected a postgres:// or postgresql:// URL');
    return openPostgresRunStore(options.url);
  }
  return openSqliteRunStore(join(options.dataDir, STORE_FILE));
}

/** The store for logs and start-up messages: host, port and database, never user or password. */
export function describeStore(options: { dataDir: string; url?: string }): string {
  if (!options.url) return `SQLite ${join(options.dataDir, STORE_FILE)}`;
  const url = new URL(options.url);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
