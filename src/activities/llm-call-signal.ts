/**
 * The abort signal of an LLM call, the activity side of a graceful stop (src/workflows/graceful-stop.ts):
 * when the workflow cancels the call, a first attempt still finishes, so the reply it is paying for is
 * stored and used; a retry is aborted at once. Whatever else ends the activity (its worker shuts down,
 * the server timed it out or forgot it, an operator paused or reset it) aborts the call at once too.
 */
import { Context } from '@temporalio/activity';
import type { ActivityCancellationDetails } from '@temporalio/common';

export function llmCallSignal(context: Context = Context.current()): AbortSignal {
  const source = context.cancellationSignal;
  const controller = new AbortController();
  const onCancel = () => {
    if (abortsOnCancel(context.info.attempt, context.cancellationDetails)) controller.abort(source.reason);
  };
  if (source.aborted) onCancel();
  else source.addEventListener('abort', onCancel, { once: true });
  return controller.signal;
}

/** Whether a cancelled call stops at once (true) or lets its first attempt finish (false). */
export function abortsOnCancel(attempt: number, details: Pick<ActivityCancellationDetails, 'cancelRequested' | 'notFound' | 'timedOut' | 'workerShutdown' | 'paused' | 'reset'> | undefined): boolean {
  const requestedByWorkflowOnly =
    details !== undefined && details.cancelRequested && !details.notFound && !details.timedOut && !details.workerShutdown && !details.paused && !details.reset;
  return !(requestedByWorkflowOnly && attempt === 1);
}
