import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { LlmCallError } from '../domain/llm-errors';
import { classifyLlmError, retryAfterMs } from './errors';

const apiError = (status: number, message = 'failure', headers: Record<string, string> = {}) =>
  APIError.generate(status, { message }, message, new Headers(headers));

describe('classifyLlmError', () => {
  it.each([
    [429, 'LlmRateLimited'],
    [408, 'LlmTimeout'],
    [409, 'LlmServerError'],
    [500, 'LlmServerError'],
    [502, 'LlmServerError'],
    [503, 'LlmServerError'],
  ])('HTTP %i is retryable as %s', (status, type) => {
    expect(classifyLlmError(apiError(status))).toMatchObject({ type, retryable: true, status });
  });

  it.each([
    [400, 'LlmBadRequest'],
    [401, 'LlmAuthError'],
    [403, 'LlmAuthError'],
    [404, 'LlmNotFound'],
    [422, 'LlmUnprocessable'],
  ])('HTTP %i is not retryable (%s)', (status, type) => {
    expect(classifyLlmError(apiError(status))).toMatchObject({ type, retryable: false, status });
  });

  it('honours retry-after in seconds, milliseconds and as a date', () => {
    expect(classifyLlmError(apiError(429, 'slow down', { 'retry-after': '3' })).retryAfterMs).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({}))).toBeUndefined();
  });

  it('recognises an endpoint without structured output', () => {
    expect(classifyLlmError(apiError(400, "response_format 'json_schema' is not supported"))).toMatchObject({
      type: 'LlmStructuredOutputUnsupported',
      retryable: false,
    });
  });

  it('classifies connection problems, timeouts, cancellation and bad bodies', () => {
    expect(classifyLlmError(new APIConnectionTimeoutError())).toMatchObject({ type: 'LlmTimeout', retryable: true });
    expect(classifyLlmError(new APIConnectionError({ message: 'Connection error.' }))).toMatchObject({ type: 'LlmConnectionError', retryable: true });
    expect(classifyLlmError(new APIUserAbortError())).toMatchObject({ type: 'LlmCancelled', retryable: false });
    expect(classifyLlmError(new SyntaxError('Unexpected end of JSON input'))).toMatchObject({ type: 'LlmMalformedResponse', retryable: true });
    expect(classifyLlmError(new TypeError('terminated'))).toMatchObject({ type: 'LlmConnectionError', retryable: true });
  });

  it('keeps a classification made earlier', () => {
    const error = new LlmCallError({ type: 'LlmMalformedResponse', retryable: true, message: 'no choices' });
    expect(classifyLlmError(error)).toBe(error.classification);
  });

  it('names the socket error under fetch\'s "fetch failed", also when it has no message', () => {
    const socket = Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED', syscall: 'connect', address: '127.0.0.1', port: 9 });
    const fetchFailed = new TypeError('fetch failed', { cause: socket });
    const error = new APIConnectionError({ message: 'Connection error.', cause: fetchFailed });
    expect(classifyLlmError(error).message).toBe('cannot reach the LLM endpoint: connect ECONNREFUSED 127.0.0.1:9');
    const dns = new APIConnectionError({ message: 'Connection error.', cause: new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND llm.invalid') }) });
    expect(classifyLlmError(dns).message).toBe('cannot reach the LLM endpoint: getaddrinfo ENOTFOUND llm.invalid');
  });
});
