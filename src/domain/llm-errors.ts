/**
 * What can go wrong with an LLM call, as the rest of the system talks about it: the error types
 * (src/llm/errors.ts classifies every backend failure into one), which of them no retry can fix, and
 * which fail the whole run. Activities build their retry policies and workflows their fatal-error
 * checks from these lists, so each rule has one home. Pure, no I/O.
 */

export type LlmErrorType =
  | 'LlmRateLimited'
  | 'LlmServerError'
  | 'LlmTimeout'
  | 'LlmConnectionError'
  | 'LlmMalformedResponse'
  | 'LlmBadRequest'
  | 'LlmAuthError'
  | 'LlmNotFound'
  | 'LlmUnprocessable'
  | 'LlmStructuredOutputUnsupported'
  | 'LlmCancelled'
  | 'LlmDeferredToBatch';

export interface LlmErrorClassification {
  type: LlmErrorType;
  retryable: boolean;
  /** From retry-after / retry-after-ms, when the endpoint sent one. */
  retryAfterMs?: number;
  status?: number;
  message: string;
}

/** An error whose classification is already known (e.g. a body that did not match the response schema). */
export class LlmCallError extends Error {
  constructor(readonly classification: LlmErrorClassification) {
    super(classification.message);
    this.name = 'LlmCallError';
  }
}

/**
 * A call that still cannot connect on its Nth attempt (the policy): the endpoint is down or its URL
 * is wrong, and further retries would only hide that. Not a classification of one error (a single
 * refused connection is retryable), so not an LlmErrorType.
 */
export const LLM_UNREACHABLE = 'LlmUnreachable';
export type LlmFailureType = LlmErrorType | typeof LLM_UNREACHABLE;

/** Failures that no retry and no other root would escape either: the run stops with a message about its configuration. */
export const FATAL_LLM_ERROR_TYPES: readonly LlmFailureType[] = ['LlmAuthError', 'LlmNotFound', 'LlmBadRequest', 'LlmUnprocessable', LLM_UNREACHABLE];

/**
 * A call of a run in batch mode that is not made now: its request waits for the stage's next batch
 * (src/llm/batch-deferral.ts). Not a failure: the unit of work that asked it (a tree node, a
 * negative, an answer) is left undone, and the stage runs again once the batch's replies are stored.
 */
export const DEFERRED_TO_BATCH: LlmErrorType = 'LlmDeferredToBatch';

/** Every non-retryable type, for the LLM activities' retry policy. */
export const NON_RETRYABLE_LLM_ERROR_TYPES: readonly LlmFailureType[] = [...FATAL_LLM_ERROR_TYPES, 'LlmCancelled', 'LlmStructuredOutputUnsupported', DEFERRED_TO_BATCH];

/** Whether a failure (a classified error, an ApplicationFailure or a workflow's view of one) is a call deferred to a batch. */
export function isDeferredToBatch(error: unknown): boolean {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 4; depth += 1) {
    const { type, classification, cause } = current as { type?: unknown; classification?: { type?: unknown }; cause?: unknown };
    if (type === DEFERRED_TO_BATCH || classification?.type === DEFERRED_TO_BATCH) return true;
    current = cause;
  }
  return false;
}
