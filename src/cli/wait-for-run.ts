/**
 * Waits for a run's result while polling its progress query for the display, and, every
 * `retryingRefreshMs` at most (each check describes the run's open workflows), the LLM calls Temporal
 * retries, so a run stuck on a failing endpoint says why.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import type { RunSummary } from '../activities/contracts';
import type { AugconClient } from '../client/augcon-client';
import { formatRetryingCalls } from '../client/retrying-calls-summary';
import { EMPTY_CORPUS_ERROR, innermostMessage } from '../domain/failure-message';
import { RUN_NAME_IN_USE } from '../domain/run-name';
import { CliError, EXIT } from './exit-codes';
import type { ProgressView } from './progress-bar';

/** The types of the ApplicationFailures in an error's cause chain. */
function failureTypes(error: unknown): string[] {
  const types: string[] = [];
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (current instanceof ApplicationFailure && current.type) types.push(current.type);
  }
  return types;
}

export interface WaitOptions {
  /** How often the progress query is asked. @default 1000 */
  pollMs?: number;
  /** The least time between two checks of the retried LLM calls. @default 5000 */
  retryingRefreshMs?: number;
}

export async function waitForRun(augcon: AugconClient, workflowId: string, view: ProgressView, options: WaitOptions = {}): Promise<RunSummary> {
  const pollMs = options.pollMs ?? 1000;
  const retryingRefreshMs = options.retryingRefreshMs ?? 5000;
  let polling = false;
  let retrying: string | undefined;
  let retryingCheckedAt = -Infinity;
  let checkingRetries = false;
  const checkRetries = () => {
    if (!view.shown || checkingRetries || Date.now() - retryingCheckedAt < retryingRefreshMs) return;
    checkingRetries = true;
    retryingCheckedAt = Date.now();
    augcon
      .retryingCalls(workflowId)
      .then((calls) => {
        retrying = formatRetryingCalls(calls);
      })
      .catch(() => undefined) // best effort: the line keeps what the last check found
      .finally(() => {
        checkingRetries = false;
      });
  };
  const timer = setInterval(() => {
    checkRetries();
    if (polling) return;
    polling = true;
    augcon
      .progress(workflowId)
      .then((progress) => view.update(progress, retrying))
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
      // A corpus without a readable document, or a run name an earlier run holds, is the user's input, not a failed run.
      const exitCode = failureTypes(error).some((type) => type === EMPTY_CORPUS_ERROR || type === RUN_NAME_IN_USE) ? EXIT.invalidInput : EXIT.runFailed;
      throw new CliError(`run ${workflowId} failed: ${innermostMessage(error)}`, exitCode);
    }
    throw error;
  } finally {
    clearInterval(timer);
    view.stop();
  }
}
