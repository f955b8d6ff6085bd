/**
 * The persistent LLM response cache: a second run with identical settings (another run name) makes
 * zero LLM calls, its manifest counts every call as a hit, and it produces the same dataset.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { readRun, writeCorpus } from '../helpers/run-files';

describe('the LLM response cache', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness('response-cache');
  });
  afterAll(() => harness?.close());

  it('answers a rerun with identical settings entirely from the cache', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 4, { chinese: true });
    const input = { corpus: { paths: [corpus] }, seed: 12 };
    const first = await harness.run({ ...input, runName: `${harness.name}-first` });
    const made = harness.standin.calls().filter((call) => call.outcome === 'ok' && call.route === '/v1/chat/completions').length;
    expect(first.llmCache).toEqual({ hits: 0, misses: made });

    harness.standin.resetCalls();
    const second = await harness.run({ ...input, runName: `${harness.name}-second` });
    expect(harness.standin.calls()).toHaveLength(0);
    expect(second.llmCache).toEqual({ hits: made, misses: 0 });
    const manifest = (await readRun(second.runDirectory)).manifest as unknown as { llmCache: { hits: number; misses: number } };
    expect(manifest.llmCache).toEqual({ hits: made, misses: 0 });
    for (const file of ['candidates.jsonl', 'filtered.jsonl', join('dataset', 'messages.jsonl')]) {
      expect(await readFile(join(second.runDirectory, file), 'utf8')).toBe(await readFile(join(first.runDirectory, file), 'utf8'));
    }

    // A changed setting changes the requests: the cache does not answer them.
    harness.standin.resetCalls();
    const third = await harness.run({ ...input, seed: 13, runName: `${harness.name}-third` });
    expect(third.llmCache.misses).toBeGreaterThan(0);
    expect(harness.standin.calls().filter((call) => call.outcome === 'ok').length).toBe(third.llmCache.misses);
  });
});
