import { existsSync, readFileSync, rmSync } from 'node:fs';
import { STATE_FILE } from './global-setup';

/** Stops the dev server of the global setup: SIGTERM, then SIGKILL after 10 s. */
export default async function globalTeardown(): Promise<void> {
  if (!existsSync(STATE_FILE)) return;
  const { pid, directory } = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { pid: number; directory: string };
  rmSync(STATE_FILE, { force: true });
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let waited = 0; waited < 100 && alive(); waited += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  if (alive()) process.kill(-pid, 'SIGKILL');
  rmSync(directory, { recursive: true, force: true });
}
