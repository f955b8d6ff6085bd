import { formatRetryingCalls } from '../../client/retrying-calls-summary';
import { CliError, EXIT } from '../exit-codes';
import { formatSummary } from '../format-summary';
import { describeProgress } from '../progress-bar';
import { workflowUrl } from '../../client/temporal-ui';
import { openSession } from '../temporal-session';

export async function statusCommand(run: string, options: { json?: boolean }): Promise<void> {
  const session = await openSession();
  try {
    const status = await session.augcon.status(run);
    if (!status) throw new CliError(`no run ${run} in namespace ${session.namespace}`, EXIT.notFound);
    const url = workflowUrl(session.namespace, run);
    // Only while Temporal retries a call: its failure class, attempt and (redacted) message.
    const retrying = status.retrying ? formatRetryingCalls(status.retrying) : undefined;
    if (options.json) {
      console.log(JSON.stringify({ ...status, url }, null, 2));
    } else if (status.summary) {
      console.log(formatSummary(status.summary, url));
    } else if (status.progress) {
      console.log(`Run ${run} is ${status.status.toLowerCase()} since ${status.startTime.toISOString()}\n  ${describeProgress(status.progress, retrying)}\n  Temporal UI  ${url}`);
    } else {
      console.log(`Run ${run}: ${status.status}${status.failure ? `: ${status.failure}` : ''}${retrying ? `\n  ${retrying}` : ''}\n  Temporal UI  ${url}`);
    }
    if (status.status === 'FAILED') process.exitCode = EXIT.runFailed;
    else if (['CANCELED', 'TERMINATED', 'TIMED_OUT'].includes(status.status)) process.exitCode = EXIT.runNotCompleted;
  } finally {
    await session.close();
  }
}
