import { LlmCallError } from '../domain/llm-errors';
import { withAdaptiveConcurrency } from './adaptive-concurrency';
import type { ChatProvider, ChatRequest, ChatResponse } from './provider';

const request: ChatRequest = { messages: [{ role: 'user', content: 'q?' }], temperature: 0, maxTokens: 8 };
const reply: ChatResponse = { text: 'a', model: 'm', usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 } };
const rateLimited = () => new LlmCallError({ type: 'LlmRateLimited', retryable: true, status: 429, message: 'HTTP 429' });

/** An endpoint serving at most `capacity` calls at once that answers 429 beyond it; each call waits for `release`. */
function endpoint(capacity: number) {
  let active = 0;
  let peak = 0;
  const pending: (() => void)[] = [];
  const provider: ChatProvider = {
    kind: 'fake',
    model: 'm',
    async chat() {
      if (active >= capacity) throw rateLimited();
      active += 1;
      peak = Math.max(peak, active);
      await new Promise<void>((resolve) => pending.push(resolve));
      active -= 1;
      return reply;
    },
  };
  return {
    provider,
    get peak() {
      return peak;
    },
    /** Lets every call in service finish, then lets their followers start. */
    async releaseAll() {
      for (const release of pending.splice(0)) release();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('withAdaptiveConcurrency', () => {
  it('holds calls beyond the limit until a slot frees, first come first served', async () => {
    const fake = endpoint(100);
    const adaptive = withAdaptiveConcurrency(fake.provider, { min: 1, max: 2 });
    const order: number[] = [];
    const calls = [0, 1, 2, 3].map((index) => adaptive.chat(request).then(() => order.push(index)));
    await settle();
    expect(adaptive.concurrency).toMatchObject({ limit: 2, inFlight: 2, waiting: 2 });
    expect(fake.peak).toBe(2);
    await fake.releaseAll();
    await fake.releaseAll();
    await Promise.all(calls);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(adaptive.concurrency).toMatchObject({ inFlight: 0, waiting: 0 });
  });

  it('a 429 lowers the limit once per round and is still thrown; answered calls raise it again, fast to one short of where it was refused', async () => {
    const fake = endpoint(4);
    const decreases: string[] = [];
    const adaptive = withAdaptiveConcurrency(fake.provider, { min: 1, max: 8, initial: 8, backoffRatio: 0.5 }, (change) => decreases.push(`${change.cause ?? 'up'}->${change.limit}`));
    const calls = Array.from({ length: 8 }, () => adaptive.chat(request).then(() => 'ok', (error: unknown) => (error instanceof LlmCallError ? error.classification.type : 'other')));
    await settle();
    // Four calls beyond the endpoint's capacity were refused; they all started in one round: one decrease.
    expect(decreases).toEqual(['LlmRateLimited->4']);
    await fake.releaseAll();
    expect(await Promise.all(calls)).toEqual(['ok', 'ok', 'ok', 'ok', 'LlmRateLimited', 'LlmRateLimited', 'LlmRateLimited', 'LlmRateLimited']);
    // Refused at 8: the four answers climb back one each, to 7 (one short of 8), and no further.
    expect(adaptive.concurrency.limit).toBe(7);
    expect(decreases).toEqual(['LlmRateLimited->4', 'up->5', 'up->6', 'up->7']);
    const next = adaptive.chat(request);
    await settle();
    await fake.releaseAll();
    await next;
    // At 7 it probes slowly: 1/(7 x 3) per answered call.
    expect(adaptive.concurrency.limit).toBe(7);
  });

  it('a call cancelled while it waits for a slot leaves the queue and never reaches the endpoint', async () => {
    const fake = endpoint(100);
    const adaptive = withAdaptiveConcurrency(fake.provider, { min: 1, max: 1 });
    const first = adaptive.chat(request);
    const abort = new AbortController();
    const second = adaptive.chat({ ...request, signal: abort.signal });
    await settle();
    expect(adaptive.concurrency.waiting).toBe(1);
    abort.abort();
    await expect(second).rejects.toThrow(/aborted|cancelled/i);
    expect(adaptive.concurrency.waiting).toBe(0);
    await fake.releaseAll();
    await first;
    expect(fake.peak).toBe(1);
    expect(adaptive.concurrency.inFlight).toBe(0);
  });
});
