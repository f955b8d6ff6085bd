import { existsSync, readFileSync, rmSync } from 'node:fs';
import { stopDevServer } from '../../src/dev-server/start-dev-server';
import { stopPostgres } from '../../src/dev-server/start-postgres';
import { POSTGRES_STATE_FILE, STATE_FILE } from './global-setup';

/** Stops the dev server and PostgreSQL of the global setup. */
export default async function globalTeardown(): Promise<void> {
  if (existsSync(POSTGRES_STATE_FILE)) {
    const postgres = JSON.parse(readFileSync(POSTGRES_STATE_FILE, 'utf8')) as { directory: string; port: number };
    rmSync(POSTGRES_STATE_FILE, { force: true });
    stopPostgres(postgres);
  }
  if (!existsSync(STATE_FILE)) return;
  const { pid, directory } = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { pid: number; directory: string };
  rmSync(STATE_FILE, { force: true });
  await stopDevServer(pid, directory);
}
