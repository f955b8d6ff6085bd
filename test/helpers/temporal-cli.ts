import { spawnSync } from 'node:child_process';
import { temporalBinary } from '../../src/dev-server/temporal-binary';

/** Runs the Temporal CLI against the test server and returns its stdout (throws with stderr on failure). */
export function temporalCli(args: string[]): string {
  const address = process.env.TEMPORAL_TEST_ADDRESS;
  if (!address) throw new Error('TEMPORAL_TEST_ADDRESS is not set');
  const result = spawnSync(temporalBinary(), [...args, '--address', address], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`temporal ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}
