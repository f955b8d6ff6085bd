import { ApplicationFailure } from '@temporalio/common';
import { classifyLlmError, type LlmErrorType } from '../llm/errors';

/** Error types that no retry can fix: the run stops with a message about the configuration. */
export const FATAL_LLM_ERROR_TYPES: readonly LlmErrorType[] = ['LlmAuthError', 'LlmNotFound', 'LlmBadRequest', 'LlmUnprocessable'];

/** Every non-retryable type, for the activity retry policy. */
export const NON_RETRYABLE_LLM_ERROR_TYPES: readonly LlmErrorType[] = [...FATAL_LLM_ERROR_TYPES, 'LlmCancelled', 'LlmStructuredOutputUnsupported'];

/** Turns any LLM call failure into an ApplicationFailure that Temporal retries (or not) as classified. */
export function toApplicationFailure(error: unknown): ApplicationFailure {
  const classification = classifyLlmError(error);
  return ApplicationFailure.create({
    type: classification.type,
    message: classification.message,
    nonRetryable: !classification.retryable,
    ...(classification.retryAfterMs === undefined ? {} : { nextRetryDelay: classification.retryAfterMs }),
    details: [{ status: classification.status ?? null }],
    cause: error instanceof Error ? error : undefined,
  });
}
