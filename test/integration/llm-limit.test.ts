/**
 * The worker's limit of LLM calls in flight is held by the provider's limiter, not by the LLM activity
 * slots (twice as many: worker-config.ts llmActivitySlots): the endpoint never sees more calls at once
 * than llm.maxInFlight, with adaptive concurrency off (a fixed limit) as with it on. Inside that limit,
 * one root's answer activity answers orchestration.maxConcurrentAnswersPerRoot questions at once.
 */
import { join } from 'node:path';
import { llmActivitySlots } from '../../src/worker/worker-config';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { peakConcurrency } from '../helpers/endpoint-calls';
import { writeCorpus } from '../helpers/run-files';

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

describe('the answers of one root', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness('llm-limit-answers', { maxInFlight: 8, standin: { latencyMs: 40 } });
  });
  afterAll(() => harness?.close());

  it.each([1, 3])('are answered %i at once (orchestration.maxConcurrentAnswersPerRoot), each stored', async (perRoot) => {
    const corpus = await writeCorpus(join(harness.dataDir, `corpus-${perRoot}`), 1);
    harness.standin.resetCalls();
    // One root and one example at a time: every answer call in flight at once is one root's. A seed of
    // its own per case, so no reply comes from the response cache.
    const orchestration = { maxConcurrentRoots: 1, maxConcurrentExamples: 1, maxConcurrentAnswersPerRoot: perRoot };
    const summary = await harness.run({ corpus: { paths: [corpus] }, seed: 5 + perRoot, scorer: { enabled: false }, orchestration }, `${harness.name}-${perRoot}`);
    expect(summary.answers!.questions).toBeGreaterThan(perRoot);
    expect(summary.answers!.answered + summary.answers!.failed).toBe(summary.answers!.questions);
    const answers = harness.standin.calls().filter((call) => call.kind === 'answer' && call.outcome === 'ok');
    expect(answers.length).toBe(summary.answers!.examples + summary.answers!.questions);
    expect(peakConcurrency(answers)).toBe(perRoot);
  });
});
