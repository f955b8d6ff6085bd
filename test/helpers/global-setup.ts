/**
 * Starts ONE real Temporal dev server for the integration project (headless, temporary SQLite file,
 * a free port so it never collides with a developer's server on 7233). Set TEMPORAL_TEST_ADDRESS to
 * reuse a running server instead.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer } from '../../src/dev-server/start-dev-server';

export const STATE_FILE = join(tmpdir(), `augcon-jest-temporal-${process.pid}.json`);

export default async function globalSetup(): Promise<void> {
  if (process.env.TEMPORAL_TEST_ADDRESS) return;
  const started = Date.now();
  const server = await startDevServer();
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
  writeFileSync(STATE_FILE, JSON.stringify({ pid: server.pid, directory: server.directory }));
  console.log(`\nTemporal dev server for the tests: ${server.address} (up in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
