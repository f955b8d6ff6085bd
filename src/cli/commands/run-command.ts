import { InvalidRunInputError } from '../../client/augcon-client';
import { CliError, EXIT } from '../exit-codes';
import { formatSummary } from '../format-summary';
import { createProgressView } from '../progress-bar';
import { loadRunInput } from '../run-input-file';
import { openSession, workflowUrl } from '../temporal-session';
import { waitForRun } from '../wait-for-run';

export interface RunCommandOptions {
  config?: string;
  runName?: string;
  /** Reuse the name of an earlier run, deleting its rows first. */
  replace?: boolean;
  seed?: number;
  taskQueue: string;
  wait: boolean;
  json?: boolean;
  quiet?: boolean;
}

export async function runCommand(paths: string[], options: RunCommandOptions): Promise<void> {
  const input = await loadRunInput(options.config, { paths, runName: options.runName, seed: options.seed });
  const session = await openSession();
  try {
    let handle;
    try {
      handle = await session.augcon.startRun(input, { taskQueue: options.taskQueue, workflowId: options.runName, replace: options.replace === true });
    } catch (error) {
      if (error instanceof InvalidRunInputError) throw new CliError(error.message, EXIT.invalidInput);
      throw error;
    }
    const url = workflowUrl(session.namespace, handle.workflowId);
    if (!options.wait) {
      console.log(options.json ? JSON.stringify({ workflowId: handle.workflowId, runName: handle.runName, url }) : `started run ${handle.workflowId}\n  Temporal UI  ${url}`);
      return;
    }
    if (!options.json && !options.quiet) console.error(`run ${handle.workflowId} started; follow it at ${url}`);
    const view = createProgressView(process.stderr, !options.json && !options.quiet);
    const summary = await waitForRun(session.augcon, handle.workflowId, view);
    console.log(options.json ? JSON.stringify({ workflowId: handle.workflowId, url, ...summary }, null, 2) : formatSummary(summary, url));
  } finally {
    await session.close();
  }
}
