import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CliError, EXIT } from '../exit-codes';
import { packageRoot } from '../../client/package-root';
import { workerCommand } from './worker-command';

/** Local development: the Temporal dev server (started if it is not running) plus a worker in this process. */
export async function devCommand(): Promise<void> {
  const script = join(packageRoot(), 'scripts', 'temporal-dev.sh');
  const started = spawnSync('bash', [script, 'start'], { stdio: 'inherit' });
  if (started.status !== 0) throw new CliError(`could not start the Temporal dev server (${script} start exited ${started.status})`, EXIT.unavailable);
  await workerCommand();
}
