/**
 * Classifies every failure of an LLM call at the boundary (STYLE: vercel/ai) into the types of
 * src/domain/llm-errors.ts. The classification knows whether a retry can help and how long to wait;
 * activities turn it into a Temporal ApplicationFailure so that Temporal alone owns retries (the
 * client runs with maxRetries: 0).
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { LlmCallError, type LlmErrorClassification, type LlmErrorType } from '../domain/llm-errors';

const NON_RETRYABLE: Record<number, LlmErrorType> = {
  400: 'LlmBadRequest',
  401: 'LlmAuthError',
  403: 'LlmAuthError',
  404: 'LlmNotFound',
  422: 'LlmUnprocessable',
};

/** Parses `retry-after-ms`, `retry-after` as seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const milliseconds = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.round(milliseconds);
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** A socket error's own words ("connect ECONNREFUSED 127.0.0.1:8000"), also when its message is empty (an AggregateError). */
function socketErrorText(value: object): string | undefined {
  const { code, syscall, address, port } = value as { code?: unknown; syscall?: unknown; address?: unknown; port?: unknown };
  if (typeof code !== 'string') return undefined;
  const where = typeof address === 'string' ? ` ${address}${typeof port === 'number' ? `:${port}` : ''}` : '';
  return `${typeof syscall === 'string' ? `${syscall} ` : ''}${code}${where}`;
}

/**
 * The innermost cause's words: fetch's "fetch failed" wraps the socket's "connect ECONNREFUSED
 * 127.0.0.1:8000". Duck-typed, not instanceof: the socket error may come from another realm.
 */
function deepestCauseMessage(error: Error): string {
  let current: unknown = error;
  let message = error.message;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null && 'cause' in current; depth += 1) {
    current = current.cause;
    if (typeof current !== 'object' || current === null) break;
    const own = (current as { message?: unknown }).message;
    const text = socketErrorText(current) ?? (typeof own === 'string' && own ? own : undefined);
    if (text) message = text;
  }
  return message;
}

const STRUCTURED_OUTPUT_HINT = /response_format|json_schema|structured output|grammar/i;

export function classifyLlmError(error: unknown): LlmErrorClassification {
  if (error instanceof LlmCallError) return error.classification;
  if (error instanceof APIUserAbortError || (error instanceof Error && error.name === 'AbortError')) {
    return { type: 'LlmCancelled', retryable: false, message: 'the LLM call was cancelled' };
  }
  if (error instanceof APIConnectionTimeoutError) {
    return { type: 'LlmTimeout', retryable: true, message: 'the LLM endpoint did not answer in time' };
  }
  if (error instanceof APIConnectionError) {
    return { type: 'LlmConnectionError', retryable: true, message: `cannot reach the LLM endpoint: ${deepestCauseMessage(error)}` };
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const message = `LLM endpoint answered HTTP ${status}: ${error.message}`;
    if (status === 400 && STRUCTURED_OUTPUT_HINT.test(error.message)) {
      return { type: 'LlmStructuredOutputUnsupported', retryable: false, status, message };
    }
    const nonRetryable = NON_RETRYABLE[status];
    if (nonRetryable) return { type: nonRetryable, retryable: false, status, message };
    if (status === 429) return { type: 'LlmRateLimited', retryable: true, status, message, retryAfterMs: retryAfterMs(error.headers) };
    if (status === 408) return { type: 'LlmTimeout', retryable: true, status, message, retryAfterMs: retryAfterMs(error.headers) };
    if (status === 409 || status >= 500) return { type: 'LlmServerError', retryable: true, status, message, retryAfterMs: retryAfterMs(error.headers) };
    return { type: 'LlmBadRequest', retryable: false, status, message };
  }
  if (error instanceof SyntaxError) {
    return { type: 'LlmMalformedResponse', retryable: true, message: `the LLM endpoint sent a body that is not valid JSON: ${error.message}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  // undici reports a body cut short as "terminated" and refused/reset sockets as "fetch failed".
  if (/terminated|fetch failed|socket|ECONNRESET|ECONNREFUSED|EPIPE|other side closed/i.test(message)) {
    return { type: 'LlmConnectionError', retryable: true, message: `the connection to the LLM endpoint failed: ${message}` };
  }
  return { type: 'LlmServerError', retryable: true, message: `unexpected LLM call failure: ${message}` };
}
