import type { Client } from '@temporalio/client';
import { InvalidRunInputError } from '../../client/augcon-client';
import { noWorkerWarning, taskQueuePollers } from '../../client/task-queue-pollers';
import { CliError, EXIT } from '../exit-codes';
import { formatSummary } from '../format-summary';
import { createProgressView } from '../progress-bar';
import { loadRunInput } from '../run-input-file';
import { workflowUrl } from '../../client/temporal-ui';
import { openSession } from '../temporal-session';
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

/** How long a waiting `augcon run` gives a worker to pick the run up before it warns (AUGCON_NO_WORKER_WARNING_MS). */
function noWorkerWarningDelayMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.AUGCON_NO_WORKER_WARNING_MS);
  return Number.isFinite(value) && value >= 0 ? value : 10_000;
}

/** Prints a warning on stderr when no worker polls the run's task queues (best effort: a failed check says nothing). */
async function warnIfNoWorker(client: Client, taskQueue: string): Promise<void> {
  const warning = await taskQueuePollers(client, taskQueue).then(noWorkerWarning, () => undefined);
  if (warning) console.error(warning);
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
      await warnIfNoWorker(session.client, options.taskQueue);
      console.log(options.json ? JSON.stringify({ workflowId: handle.workflowId, runName: handle.runName, url }) : `started run ${handle.workflowId}\n  Temporal UI  ${url}`);
      return;
    }
    if (!options.json && !options.quiet) console.error(`run ${handle.workflowId} started; follow it at ${url}`);
    const view = createProgressView(process.stderr, !options.json && !options.quiet);
    // A run nobody picks up would otherwise wait in silence.
    const check = setTimeout(() => void warnIfNoWorker(session.client, options.taskQueue), noWorkerWarningDelayMs());
    let summary;
    try {
      summary = await waitForRun(session.augcon, handle.workflowId, view);
    } finally {
      clearTimeout(check);
    }
    console.log(options.json ? JSON.stringify({ workflowId: handle.workflowId, url, ...summary }, null, 2) : formatSummary(summary, url));
  } finally {
    await session.close();
  }
}
