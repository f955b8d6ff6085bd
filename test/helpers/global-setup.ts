/**
 * Starts ONE real Temporal dev server for the integration project (headless, temporary SQLite file,
 * a free port so it never collides with a developer's server on 7233), and one local PostgreSQL for
 * the shared-store tests. Set TEMPORAL_TEST_ADDRESS / AUGCON_TEST_POSTGRES_URL to reuse running ones.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer } from '../../src/dev-server/start-dev-server';
import { startPostgres } from '../../src/dev-server/start-postgres';

export const STATE_FILE = join(tmpdir(), `augcon-jest-temporal-${process.pid}.json`);

export const POSTGRES_STATE_FILE = join(tmpdir(), `augcon-jest-postgres-${process.pid}.json`);

export default async function globalSetup(): Promise<void> {
  if (!process.env.AUGCON_TEST_POSTGRES_URL) {
    const started = Date.now();
    const postgres = await startPostgres();
    process.env.AUGCON_TEST_POSTGRES_URL = postgres.url;
    writeFileSync(POSTGRES_STATE_FILE, JSON.stringify({ directory: postgres.directory, port: postgres.port }));
    console.log(`\nPostgreSQL for the shared-store tests: ${postgres.url} (up in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  if (process.env.TEMPORAL_TEST_ADDRESS) return;
  const started = Date.now();
  const server = await startDevServer();
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
  writeFileSync(STATE_FILE, JSON.stringify({ pid: server.pid, directory: server.directory }));
  console.log(`\nTemporal dev server for the tests: ${server.address} (up in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
