/**
 * Starts ONE real Temporal dev server for the integration project (headless, temporary SQLite file,
 * a free port so it never collides with a developer's server on 7233) and waits generously for it.
 * Set TEMPORAL_TEST_ADDRESS to reuse a running server instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devServerFlags, temporalBinary } from './temporal-binary';

export const STATE_FILE = join(tmpdir(), `augcon-jest-temporal-${process.ppid}-${process.pid}.json`);
const START_TIMEOUT_MS = 120_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export default async function globalSetup(): Promise<void> {
  if (process.env.TEMPORAL_TEST_ADDRESS) return;
  const binary = temporalBinary();
  const port = await freePort();
  const directory = mkdtempSync(join(tmpdir(), 'augcon-temporal-test-'));
  const logFile = join(directory, 'server.log');
  const log = openSync(logFile, 'a');
  const child = spawn(
    binary,
    ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--db-filename', join(directory, 'temporal.db'), '--log-level', 'warn', ...devServerFlags()],
    { stdio: ['ignore', log, log], detached: true },
  );
  child.unref();
  const address = `127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    const health = spawnSync(binary, ['operator', 'cluster', 'health', '--address', address], { encoding: 'utf8' });
    if (health.status === 0 && health.stdout.includes('SERVING')) break;
    if (child.exitCode !== null || Date.now() - started > START_TIMEOUT_MS) {
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      throw new Error(`the Temporal dev server did not come up on ${address} within ${START_TIMEOUT_MS / 1000} s; its log (${logFile}):\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  process.env.TEMPORAL_TEST_ADDRESS = address;
  writeFileSync(STATE_FILE, JSON.stringify({ pid: child.pid, directory }));
  console.log(`\nTemporal dev server for the tests: ${address} (started in ${((Date.now() - started) / 1000).toFixed(1)} s, data ${directory})`);
}
