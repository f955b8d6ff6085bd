import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { classifyLlmError, type LlmErrorType } from '../llm/errors';

/**
 * A call that still cannot connect on its Nth attempt (the policy): the endpoint is down or its URL
 * is wrong, and further retries would only hide that. Not a classification of one error (a single
 * refused connection is retryable), so not an LlmErrorType.
 */
export const LLM_UNREACHABLE = 'LlmUnreachable';
type LlmFailureType = LlmErrorType | typeof LLM_UNREACHABLE;

/** Error types that no retry can fix: the run stops with a message about the configuration. */
export const FATAL_LLM_ERROR_TYPES: readonly LlmFailureType[] = ['LlmAuthError', 'LlmNotFound', 'LlmBadRequest', 'LlmUnprocessable', LLM_UNREACHABLE];

/** Every non-retryable type, for the activity retry policy. */
export const NON_RETRYABLE_LLM_ERROR_TYPES: readonly LlmFailureType[] = [...FATAL_LLM_ERROR_TYPES, 'LlmCancelled', 'LlmStructuredOutputUnsupported'];

export interface UnreachablePolicy {
  /** Attempts of one activity that all failed to connect before the run is told the endpoint is unreachable. */
  afterAttempts: number;
  /** The endpoint, as the provider names it (never credentials). */
  endpoint: string | undefined;
}

/** The running activity's attempt (1 for the first); 1 outside an activity. */
function currentAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

/**
 * Turns any LLM call failure into an ApplicationFailure that Temporal retries (or not) as classified;
 * a connection failure on the policy's last attempt becomes a non-retryable LlmUnreachable that names the endpoint.
 */
export function toApplicationFailure(error: unknown, unreachable?: UnreachablePolicy, attempt = currentAttempt()): ApplicationFailure {
  const classification = classifyLlmError(error);
  if (classification.type === 'LlmConnectionError' && unreachable && attempt >= unreachable.afterAttempts) {
    return ApplicationFailure.create({
      type: LLM_UNREACHABLE,
      message:
        `${classification.message} (${unreachable.endpoint ?? 'the default OpenAI endpoint'}) on attempt ${attempt} of this call: ` +
        'is the server up, and are the worker\'s AUGCON_LLM_BASE_URL and network right? (AUGCON_LLM_UNREACHABLE_AFTER_ATTEMPTS sets how many attempts)',
      nonRetryable: true,
      details: [{ status: null }],
      // No cause: the run reports a failure's innermost message, and this one is the whole story.
    });
  }
  return ApplicationFailure.create({
    type: classification.type,
    message: classification.message,
    nonRetryable: !classification.retryable,
    ...(classification.retryAfterMs === undefined ? {} : { nextRetryDelay: classification.retryAfterMs }),
    details: [{ status: classification.status ?? null }],
    cause: error instanceof Error ? error : undefined,
  });
}
