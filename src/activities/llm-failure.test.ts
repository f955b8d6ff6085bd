import { APIConnectionError, APIError } from 'openai';
import { LLM_UNREACHABLE } from '../domain/llm-errors';
import { toApplicationFailure } from './llm-failure';

const refused = () => new APIConnectionError({ message: 'Connection error.', cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
const policy = { afterAttempts: 5, endpoint: 'http://127.0.0.1:9/v1' };

describe('toApplicationFailure', () => {
  it('keeps a refused connection retryable before the policy’s last attempt', () => {
    const failure = toApplicationFailure(refused(), policy, 4);
    expect(failure).toMatchObject({ type: 'LlmConnectionError', nonRetryable: false });
    expect(failure.message).toBe('cannot reach the LLM endpoint: connect ECONNREFUSED 127.0.0.1:9');
  });

  it('on the last attempt, fails for good naming the endpoint, the attempts and the setting', () => {
    const failure = toApplicationFailure(refused(), policy, 5);
    expect(failure).toMatchObject({ type: LLM_UNREACHABLE, nonRetryable: true });
    expect(failure.message).toContain('connect ECONNREFUSED 127.0.0.1:9 (http://127.0.0.1:9/v1) on attempt 5 of this call');
    expect(failure.message).toContain('AUGCON_LLM_BASE_URL');
    expect(failure.message).toContain('AUGCON_LLM_UNREACHABLE_AFTER_ATTEMPTS');
  });

  it('leaves every other failure, and a connection failure without a policy, as classified', () => {
    const unavailable = new APIError(503, { message: 'overloaded' }, 'overloaded', new Headers());
    expect(toApplicationFailure(unavailable, policy, 9)).toMatchObject({ type: 'LlmServerError', nonRetryable: false });
    expect(toApplicationFailure(refused(), undefined, 9)).toMatchObject({ type: 'LlmConnectionError', nonRetryable: false });
  });
});
