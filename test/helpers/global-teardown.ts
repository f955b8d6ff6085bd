import { existsSync, readFileSync, rmSync } from 'node:fs';
import { stopDevServer } from '../../src/dev-server/start-dev-server';
import { STATE_FILE } from './global-setup';

/** Stops the dev server of the global setup. */
export default async function globalTeardown(): Promise<void> {
  if (!existsSync(STATE_FILE)) return;
  const { pid, directory } = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { pid: number; directory: string };
  rmSync(STATE_FILE, { force: true });
  await stopDevServer(pid, directory);
}
