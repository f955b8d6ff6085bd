import { runWorker } from '../../worker/main';
import { WorkerConfigError } from '../../worker/worker-config';
import { CliError, EXIT } from '../exit-codes';

export async function workerCommand(): Promise<void> {
  try {
    await runWorker();
  } catch (error) {
    if (error instanceof WorkerConfigError) throw new CliError(error.message, EXIT.invalidInput);
    throw new CliError(`worker stopped: ${error instanceof Error ? error.message : String(error)}`, EXIT.unavailable);
  }
}
