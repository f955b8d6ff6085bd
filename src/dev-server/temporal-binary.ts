import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { packageRoot } from '../client/package-root';

/** The pinned Temporal CLI: the cache scripts/install-temporal.sh fills, else `temporal` on PATH. */
export function temporalBinary(): string {
  const cache = process.env.AUGCON_CACHE_DIR ?? join(homedir(), '.cache', 'augcon');
  const envScript = readFileSync(join(packageRoot(), 'scripts', 'env.sh'), 'utf8');
  const version = /AUGCON_TEMPORAL_CLI_VERSION="([^"]+)"/.exec(envScript)?.[1] ?? 'v1.5.1';
  const cached = join(cache, `temporal-${version}`, 'temporal');
  if (existsSync(cached)) return cached;
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(directory, 'temporal');
    if (directory && existsSync(candidate)) return candidate;
  }
  throw new Error(`no Temporal CLI: expected ${cached} or temporal on PATH; run bash scripts/install-temporal.sh`);
}

/** The dev server flags of temporal-config/dev-server.conf. */
export function devServerFlags(): string[] {
  const text = readFileSync(join(packageRoot(), 'temporal-config', 'dev-server.conf'), 'utf8');
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line.length > 0)
    .flatMap((line) => line.split(/\s+/));
}
