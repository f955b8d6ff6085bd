/**
 * Starts a throw-away local PostgreSQL server (scripts/postgres-dev.sh: Debian's binaries, loopback,
 * trust authentication, a temporary data directory, a free port) for the shared-store tests and the
 * benchmarks. Operators use the script itself or their own server.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../client/package-root';
import { freePort } from './start-dev-server';

export interface DevPostgres {
  url: string;
  directory: string;
  port: number;
}

function script(command: 'start' | 'stop', port: number, directory: string): string {
  const result = spawnSync('bash', [join(packageRoot(), 'scripts', 'postgres-dev.sh'), command], {
    env: { ...process.env, AUGCON_POSTGRES_PORT: String(port), AUGCON_POSTGRES_DIR: directory },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) {
    throw new Error(`scripts/postgres-dev.sh ${command} failed (exit ${result.status}): ${result.stderr || result.stdout}`);
  }
  return result.stdout.trim();
}

export async function startPostgres(): Promise<DevPostgres> {
  const port = await freePort();
  // A fresh folder inside a fresh temporary folder: PostgreSQL's own user must be able to own it.
  const parent = mkdtempSync(join(tmpdir(), 'augcon-postgres-'));
  chmodSync(parent, 0o755);
  const directory = join(parent, 'data');
  const url = script('start', port, directory);
  return { url, directory, port };
}

export function stopPostgres(server: Pick<DevPostgres, 'directory' | 'port'>): void {
  script('stop', server.port, server.directory);
  rmSync(join(server.directory, '..'), { recursive: true, force: true });
}
