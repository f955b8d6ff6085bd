import { createRedactor } from '../observability/redact';
import { formatRetryingCalls, MAX_MESSAGE_CHARS, summarizeRetryingCalls, type PendingCall } from './retrying-calls-summary';

const redact = createRedactor({ secrets: ['sk-test-secret-value'] }).text;
const scope = { workflowsDescribed: 3, complete: true };

function call(overrides: Partial<PendingCall>): PendingCall {
  return { workflowId: 'run/root-1', activityType: 'expandNode', attempt: 1, state: 'started', llm: true, ...overrides };
}

describe('summarizeRetryingCalls', () => {
  it('counts the LLM calls on attempt 2 or later and picks the failure that ended last', () => {
    const summary = summarizeRetryingCalls(
      [
        call({ attempt: 1 }),
        call({ attempt: 3, state: 'scheduled', lastFailure: { type: 'LlmRateLimited', message: 'rate limited' }, lastAttemptAt: new Date('2025-01-01T00:00:05Z') }),
        call({ workflowId: 'run/root-2', attempt: 4, state: 'scheduled', lastFailure: { type: 'LlmServerError', message: '500 stand-in injected HTTP 500' }, lastAttemptAt: new Date('2025-01-01T00:00:09Z'), nextAttemptAt: new Date('2025-01-01T00:00:17Z') }),
        call({ attempt: 2, state: 'started', lastFailure: { type: 'LlmTimeout', message: 'slow' }, lastAttemptAt: new Date('2025-01-01T00:00:01Z') }),
        // Not an LLM call: not counted, however often it retried.
        call({ activityType: 'finalizeRun', llm: false, attempt: 7, lastFailure: { type: 'Error', message: 'disk' }, lastAttemptAt: new Date('2025-01-01T00:01:00Z') }),
      ],
      redact,
      scope,
    );
    expect(summary).toEqual({
      retrying: 3,
      workflowsDescribed: 3,
      complete: true,
      latest: {
        type: 'LlmServerError',
        message: '500 stand-in injected HTTP 500',
        attempt: 4,
        activityType: 'expandNode',
        workflowId: 'run/root-2',
        state: 'scheduled',
        failedAt: '2025-01-01T00:00:09.000Z',
        nextAttemptAt: '2025-01-01T00:00:17.000Z',
      },
    });
    expect(formatRetryingCalls(summary)).toBe('retrying 3 LLM calls; latest: LlmServerError on attempt 4: 500 stand-in injected HTTP 500');
  });

  it('redacts the message, keeps it on one line and cuts it short', () => {
    const message = `401 key sk-test-secret-value rejected at https://user:hunter2@llm.internal/v1\nBearer abcDEF123456789 ${'x'.repeat(500)}`;
    const summary = summarizeRetryingCalls([call({ attempt: 2, lastFailure: { type: 'LlmServerError', message } })], redact, scope);
    const line = summary.latest?.message ?? '';
    expect(line).not.toMatch(/sk-test-secret-value|hunter2|abcDEF123456789|\n/);
    expect(line).toContain('key [redacted] rejected at https://[redacted]@llm.internal/v1 Bearer [redacted]');
    expect(line).toHaveLength(MAX_MESSAGE_CHARS);
    expect(line.endsWith('…')).toBe(true);
  });

  it('says nothing when no call retries, and only the count when no failure is known', () => {
    expect(formatRetryingCalls(summarizeRetryingCalls([call({ attempt: 1 })], redact, scope))).toBeUndefined();
    expect(formatRetryingCalls(summarizeRetryingCalls([], redact, { workflowsDescribed: 1, complete: true }))).toBeUndefined();
    expect(formatRetryingCalls(summarizeRetryingCalls([call({ attempt: 2 })], redact, scope))).toBe('retrying 1 LLM call');
  });

  it('says "at least" when the run had more open workflows than were described', () => {
    const summary = summarizeRetryingCalls([call({ attempt: 2, lastFailure: { type: 'LlmTimeout', message: 'the LLM endpoint did not answer in time' } })], redact, { workflowsDescribed: 50, complete: false });
    expect(formatRetryingCalls(summary)).toBe('retrying at least 1 LLM call; latest: LlmTimeout on attempt 2: the LLM endpoint did not answer in time');
  });

  it('prefers the higher attempt when the failure times tie or are unknown', () => {
    const summary = summarizeRetryingCalls(
      [call({ attempt: 2, lastFailure: { type: 'LlmTimeout', message: 'a' } }), call({ attempt: 5, lastFailure: { type: 'LlmRateLimited', message: 'b' } })],
      redact,
      scope,
    );
    expect(summary.latest).toMatchObject({ type: 'LlmRateLimited', attempt: 5 });
  });
});
