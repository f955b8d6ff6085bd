import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { LLM_UNREACHABLE } from '../domain/llm-errors';
import { classifyLlmError } from '../llm/errors';

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
