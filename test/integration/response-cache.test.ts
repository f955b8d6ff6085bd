/**
 * The persistent LLM response cache: a second run with identical settings (another run name) makes
 * zero LLM calls, its manifest counts every call as a hit, and it produces the same dataset. One token
 * account: on a run whose calls fail and are retried, the tokens the endpoint billed equal the paid
 * tokens of the summary, the manifest, the report and the budget's account (the progress query), stage
 * by stage; the cached rerun shows the same tokens, none of them paid (a token budget of 1 never
 * pauses it), all of them saved by the cache.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { readRun, writeCorpus } from '../helpers/run-files';
import { buildReportData } from '../../src/report/report-data';
import { openSqliteRunStore, STORE_FILE } from '../../src/store/sqlite-run-store';

describe('the LLM response cache', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness('response-cache');
  });
  afterAll(() => harness?.close());

  it('answers a rerun with identical settings entirely from the cache', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 4, { chinese: true });
    const input = { corpus: { paths: [corpus] }, seed: 12 };
    // Every 8th call fails and is retried: a failed call bills nothing.
    harness.standin.setFaults([{ kind: 'status', status: 500, rate: 0.125 }]);
    const first = await harness.run({ ...input, runName: `${harness.name}-first` }, `${harness.name}-first`);
    harness.standin.setFaults([]);
    const chats = harness.standin.calls().filter((call) => call.route === '/v1/chat/completions');
    expect(chats.filter((call) => call.outcome !== 'ok').length).toBeGreaterThan(0);
    const billed = chats.filter((call) => call.outcome === 'ok');
    const made = billed.length;
    // Every call made is a miss, failed ones too; a retried activity gets its own earlier replies as hits, saving nothing.
    expect(first.llmCache).toMatchObject({ misses: chats.length, savedTokens: 0 });
    // The answered calls' prompt tokens, and of them those the stand-in reported cached (a repeated prefix).
    const sum = (key: 'promptTokens' | 'cachedPromptTokens') => billed.reduce((total, call) => total + call[key], 0);
    expect(first.llmCache).toMatchObject({ promptTokensSent: sum('promptTokens'), providerCachedPromptTokens: sum('cachedPromptTokens') });
    expect(first.llmCache.providerCachedPromptTokens).toBeGreaterThan(first.llmCache.promptTokensSent / 2);
    const paid = billed.reduce((sum, call) => sum + call.promptTokens + call.completionTokens, 0);
    expect(first.tokens.totalTokens).toBe(paid);
    expect(first.tokens.paid.totalTokens).toBe(paid);
    const stages = Object.values(first.tokensByStage);
    expect(stages.every((usage) => usage.totalTokens > 0 && usage.paid.totalTokens === usage.totalTokens)).toBe(true);
    expect(stages.reduce((sum, usage) => sum + usage.totalTokens, 0)).toBe(paid);
    const firstManifest = (await readRun(first.runDirectory)).manifest as unknown as { tokens: unknown; tokensByStage: unknown };
    expect(firstManifest.tokens).toStrictEqual(first.tokens);
    expect(firstManifest.tokensByStage).toStrictEqual(first.tokensByStage);
    const reportTokens = async (runName: string) => {
      const store = openSqliteRunStore(join(harness.dataDir, STORE_FILE));
      try {
        return (await buildReportData(store, runName)).summary.tokens;
      } finally {
        await store.close();
      }
    };
    expect(await reportTokens(first.runName)).toStrictEqual(first.tokens);
    // The budget's account: what the workflows charged as the calls completed.
    expect((await harness.augcon.progress(first.runName)).tokens).toStrictEqual(first.tokens);

    harness.standin.resetCalls();
    // Nothing is paid for, so a budget of one token never pauses the rerun.
    const second = await harness.run({ ...input, budget: { maxTokens: 1 }, runName: `${harness.name}-second` }, `${harness.name}-second`);
    expect(harness.standin.calls()).toHaveLength(0);
    const noCalls = { hits: made, misses: 0, savedTokens: paid, promptTokensSent: 0, providerCachedPromptTokens: 0 };
    expect(second.llmCache).toEqual(noCalls);
    const none = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
    const { paid: _firstPaid, ...replyTokens } = first.tokens;
    expect(second.tokens).toStrictEqual({ ...replyTokens, paid: none });
    const manifest = (await readRun(second.runDirectory)).manifest as unknown as { llmCache: { hits: number; misses: number }; tokens: unknown };
    expect(manifest.llmCache).toEqual(noCalls);
    expect(manifest.tokens).toStrictEqual(second.tokens);
    expect(await reportTokens(second.runName)).toStrictEqual(second.tokens);
    const progress = await harness.augcon.progress(second.runName);
    expect(progress.tokens).toStrictEqual(second.tokens);
    expect(progress.control?.pausedForBudget).toBe(false);
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
