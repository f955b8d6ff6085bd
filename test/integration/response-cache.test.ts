/**
 * The persistent LLM response cache: a second run with identical settings (another run name) makes
 * zero LLM calls, its manifest counts every call as a hit, and it produces the same dataset. One token
 * account: the tokens the endpoint reported for its replies equal the summary's, the manifest's and
 * the report's, stage by stage; the cached rerun shows the same tokens, all of them saved by the cache.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { readRun, writeCorpus } from '../helpers/run-files';
import { buildReportData } from '../../src/report/report-data';
import { SqliteRunStore, STORE_FILE } from '../../src/store/sqlite-run-store';

describe('the LLM response cache', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness('response-cache');
  });
  afterAll(() => harness?.close());

  it('answers a rerun with identical settings entirely from the cache', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 4, { chinese: true });
    const input = { corpus: { paths: [corpus] }, seed: 12 };
    const first = await harness.run({ ...input, runName: `${harness.name}-first` }, `${harness.name}-first`);
    const made = harness.standin.calls().filter((call) => call.outcome === 'ok' && call.route === '/v1/chat/completions').length;
    expect(first.llmCache).toEqual({ hits: 0, misses: made, savedTokens: 0 });
    const paid = harness.standin
      .calls()
      .filter((call) => call.outcome === 'ok' && call.route === '/v1/chat/completions')
      .reduce((sum, call) => sum + call.promptTokens + call.completionTokens, 0);
    expect(first.tokens.totalTokens).toBe(paid);
    const stages = Object.values(first.tokensByStage).map((usage) => usage.totalTokens);
    expect(stages.every((tokens) => tokens > 0)).toBe(true);
    expect(stages.reduce((a, b) => a + b, 0)).toBe(paid);
    const firstManifest = (await readRun(first.runDirectory)).manifest as unknown as { tokens: { totalTokens: number }; tokensByStage: unknown };
    expect(firstManifest.tokens.totalTokens).toBe(paid);
    expect(firstManifest.tokensByStage).toStrictEqual(first.tokensByStage);
    const store = new SqliteRunStore(join(harness.dataDir, STORE_FILE));
    try {
      expect((await buildReportData(store, first.runName)).summary.tokens.totalTokens).toBe(paid);
    } finally {
      await store.close();
    }
    expect((await harness.augcon.progress(first.runName)).tokens.totalTokens).toBe(paid);

    harness.standin.resetCalls();
    const second = await harness.run({ ...input, runName: `${harness.name}-second` }, `${harness.name}-second`);
    expect(harness.standin.calls()).toHaveLength(0);
    expect(second.llmCache).toEqual({ hits: made, misses: 0, savedTokens: paid });
    expect(second.tokens.totalTokens).toBe(paid);
    const manifest = (await readRun(second.runDirectory)).manifest as unknown as { llmCache: { hits: number; misses: number } };
    expect(manifest.llmCache).toEqual({ hits: made, misses: 0, savedTokens: paid });
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
