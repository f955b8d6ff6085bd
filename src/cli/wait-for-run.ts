/** Waits for a run's result while polling its progress query for the display. */
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import type { RunSummary } from '../activities/contracts';
import type { AugconClient } from '../client/augcon-client';
import { innermostMessage } from '../domain/failure-message';
import { CliError, EXIT } from './exit-codes';
import type { ProgressView } from './progress-bar';

export async function waitForRun(augcon: AugconClient, workflowId: string, view: ProgressView, pollMs = 1000): Promise<RunSummary> {
  let polling = false;
  const timer = setInterval(() => {
    if (polling) return;
    polling = true;
    augcon
      .progress(workflowId)
      .then((progress) => view.update(progress))
      .catch(() => undefined) // a query can fail while a workflow task is retried; the next poll tries again
      .finally(() => {
        polling = false;
      });
  }, pollMs);
  try {
    const summary = await augcon.result(workflowId);
    return summary;
  } catch (error) {
    if (error instanceof WorkflowFailedError) {
      const cause = error.cause;
      if (cause instanceof CancelledFailure || cause instanceof TerminatedFailure || cause instanceof TimeoutFailure) {
        throw new CliError(`run ${workflowId} did not complete: ${cause.message || cause.name}`, EXIT.runNotCompleted);
      }
      throw new CliError(`run ${workflowId} failed: ${innermostMessage(error)}`, EXIT.runFailed);
    }
    throw error;
  } finally {
    clearInterval(timer);
    view.stop();
  }
}
