/**
 * Starts a real Temporal dev server (the pinned CLI) on a free port with a temporary SQLite file,
 * waiting generously for it (the SDK's createLocal gives up after 5 s on a busy machine). Used by the
 * integration tests' global setup and by the benchmarks; scripts/temporal-dev.sh is the operator's tool.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devServerFlags, temporalBinary } from './temporal-binary';

export interface DevServer {
  address: string;
  pid: number;
  directory: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the server's process group, SIGKILL after 10 s; removes its data directory. */
export async function stopDevServer(pid: number, directory: string): Promise<void> {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let waited = 0; waited < 100 && alive(pid); waited += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  if (alive(pid)) process.kill(-pid, 'SIGKILL');
  rmSync(directory, { recursive: true, force: true });
}

export async function startDevServer(options: { startTimeoutMs?: number } = {}): Promise<DevServer> {
  const timeoutMs = options.startTimeoutMs ?? 120_000;
  const binary = temporalBinary();
  const port = await freePort();
  const directory = mkdtempSync(join(tmpdir(), 'augcon-temporal-'));
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
    if (child.exitCode !== null || Date.now() - started > timeoutMs) {
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      await stopDevServer(child.pid!, directory);
      throw new Error(`the Temporal dev server did not come up on ${address} within ${timeoutMs / 1000} s; its log:\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { address, pid: child.pid!, directory, stop: () => stopDevServer(child.pid!, directory) };
}
