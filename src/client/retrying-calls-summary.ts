/**
 * What a run's retrying LLM calls look like to the user: how many calls are on a second or later
 * attempt, and the latest failure among them (its ApplicationFailure type such as LlmServerError, its
 * message and attempt). Pure: retrying-calls.ts collects the pending activities from Temporal.
 */

/** One pending activity of the run or of one of its open descendant workflows. */
export interface PendingCall {
  workflowId: string;
  activityType: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Temporal's pending activity state, lowercased: scheduled, started, cancel_requested, paused, ... */
  state: string;
  /** Whether the activity runs on an LLM task queue (or, when Temporal does not say, failed with an Llm* type). */
  llm: boolean;
  /** The failure of the previous attempt; type is the ApplicationFailure type, or the failure's kind (TimeoutFailure). */
  lastFailure?: { type: string; message: string };
  /** When the previous attempt ended; else when the current one started, else when it was scheduled. */
  lastAttemptAt?: Date;
  /** When Temporal starts the next attempt (while it waits out the backoff). */
  nextAttemptAt?: Date;
}

export interface LatestLlmFailure {
  /** The ApplicationFailure type: LlmRateLimited, LlmServerError, LlmTimeout, ... */
  type: string;
  /** Redacted, on one line, at most MAX_MESSAGE_CHARS characters. */
  message: string;
  /** The attempt the call is on now (the failed one was attempt - 1). */
  attempt: number;
  activityType: string;
  workflowId: string;
  state: string;
  /** ISO time the failed attempt ended, when Temporal said. */
  failedAt?: string;
  /** ISO time of the next attempt, while the call waits out its backoff. */
  nextAttemptAt?: string;
}

export interface RetryingCalls {
  /** LLM calls on attempt 2 or later. */
  retrying: number;
  /** The most recent failure among them. */
  latest?: LatestLlmFailure;
  /** Workflows described to find them (the run and its open descendants). */
  workflowsDescribed: number;
  /** False when the run had more open descendants than were described: `retrying` is then a lower bound. */
  complete: boolean;
}

export const MAX_MESSAGE_CHARS = 240;

/** The message on one line, redacted, cut to MAX_MESSAGE_CHARS. */
export function oneLineMessage(message: string, redact: (text: string) => string): string {
  const line = redact(message).replace(/\s+/g, ' ').trim();
  return line.length <= MAX_MESSAGE_CHARS ? line : `${line.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}

/** Counts the retrying LLM calls and picks the latest failure; every message goes through `redact`. */
export function summarizeRetryingCalls(
  calls: readonly PendingCall[],
  redact: (text: string) => string,
  scope: { workflowsDescribed: number; complete: boolean },
): RetryingCalls {
  const retrying = calls.filter((call) => call.llm && call.attempt > 1);
  let latest: PendingCall | undefined;
  for (const call of retrying) {
    if (!call.lastFailure) continue;
    // The failure that ended most recently wins; on a tie (or no times) the higher attempt.
    const time = call.lastAttemptAt?.getTime() ?? 0;
    const latestTime = latest?.lastAttemptAt?.getTime() ?? 0;
    if (!latest || time > latestTime || (time === latestTime && call.attempt > latest.attempt)) latest = call;
  }
  const summary: RetryingCalls = { retrying: retrying.length, workflowsDescribed: scope.workflowsDescribed, complete: scope.complete };
  if (latest?.lastFailure) {
    summary.latest = {
      type: latest.lastFailure.type,
      message: oneLineMessage(latest.lastFailure.message, redact),
      attempt: latest.attempt,
      activityType: latest.activityType,
      workflowId: latest.workflowId,
      state: latest.state,
      ...(latest.lastAttemptAt ? { failedAt: latest.lastAttemptAt.toISOString() } : {}),
      ...(latest.nextAttemptAt ? { nextAttemptAt: latest.nextAttemptAt.toISOString() } : {}),
    };
  }
  return summary;
}

/**
 * One line for status and progress, e.g. "retrying 3 LLM calls; latest: LlmServerError on attempt 4:
 * stand-in injected HTTP 500"; undefined when nothing retries.
 */
export function formatRetryingCalls(summary: RetryingCalls): string | undefined {
  if (summary.retrying === 0) return undefined;
  const count = `${summary.complete ? '' : 'at least '}${summary.retrying} LLM call${summary.retrying === 1 ? '' : 's'}`;
  const latest = summary.latest;
  if (!latest) return `retrying ${count}`;
  return `retrying ${count}; latest: ${latest.type} on attempt ${latest.attempt}${latest.message ? `: ${latest.message}` : ''}`;
}
