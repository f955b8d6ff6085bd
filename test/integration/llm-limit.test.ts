/**
 * The worker's limit of LLM calls in flight is held by the provider's limiter, not by the LLM activity
 * slots (twice as many: worker-config.ts llmActivitySlots): the endpoint never sees more calls at once
 * than llm.maxInFlight, with adaptive concurrency off (a fixed limit) as with it on.
 */
import { join } from 'node:path';
import type { CallRecord } from '../../src/standin/server';
import { llmActivitySlots } from '../../src/worker/worker-config';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { writeCorpus } from '../helpers/run-files';

/** The most calls the endpoint was serving at one moment. */
function peakConcurrency(calls: readonly CallRecord[]): number {
  const events = calls.flatMap((call) => [
    { at: call.startedAt, delta: 1 },
    { at: call.endedAt ?? Number.POSITIVE_INFINITY, delta: -1 },
  ]);
  // At the same millisecond an end comes before a start: the client sent the next call after the reply.
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let peak = 0;
  for (const { delta } of events) {
    current += delta;
    peak = Math.max(peak, current);
  }
  return peak;
}

describe.each(['off', 'on'] as const)('LLM calls in flight with adaptive concurrency %s', (adaptiveConcurrency) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness(`llm-limit-${adaptiveConcurrency}`, { maxInFlight: 3, adaptiveConcurrency, standin: { latencyMs: 40 } });
  });
  afterAll(() => harness?.close());

  it('never exceed llm.maxInFlight at the endpoint, though the worker has twice the LLM activity slots', async () => {
    expect(llmActivitySlots(harness.config)).toBe(6);
    const corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 6);
    const summary = await harness.run({ corpus: { paths: [corpus] }, seed: 3, scorer: { enabled: false } });
    expect(summary.candidates).toBeGreaterThan(10);
    const chats = harness.standin.calls().filter((call) => call.route === '/v1/chat/completions');
    expect(chats.length).toBeGreaterThan(10);
    // Reached (the run had more than 3 calls ready at times) and never passed.
    expect(peakConcurrency(chats)).toBe(3);
  });
});
