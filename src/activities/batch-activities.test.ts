import { isDeferredToBatch } from '../domain/llm-errors';
import { RunInputSchema } from '../domain/run-input';
import { withBatchDeferral } from '../llm/batch-deferral';
import { withResponseCache } from '../llm/caching-provider';
import { OpenAiProvider } from '../llm/openai-provider';
import type { ChatProvider, ChatRequest } from '../llm/provider';
import { startStandinServer, type StandinServer } from '../standin/server';
import { openSqliteRunStore, type SqliteRunStore } from '../store/sqlite-run-store';
import { createBatchActivities } from './batch-activities';

const settingsJson = (mode: 'direct' | 'batch') => JSON.stringify(RunInputSchema.parse({ corpus: { paths: ['docs'] }, llm: { mode } }));
const ask = (runName: string, seed: number): ChatRequest => ({ messages: [{ role: 'user', content: `Say something about pump ${seed}.` }], temperature: 0, maxTokens: 32, seed, runName });

describe('batch mode: deferred calls, their batch and its replies', () => {
  let standin: StandinServer;
  let store: SqliteRunStore;
  let endpoint: OpenAiProvider;
  let provider: ChatProvider;

  beforeEach(async () => {
    standin = await startStandinServer({ batches: { completionMs: 0 } });
    store = openSqliteRunStore(':memory:');
    await store.putRun({ runName: 'batched', configHash: 'h', settingsJson: settingsJson('batch'), createdAt: '2026-12-07T00:00:00Z' });
    await store.putRun({ runName: 'direct', configHash: 'h', settingsJson: settingsJson('direct'), createdAt: '2026-12-07T00:00:00Z' });
    endpoint = new OpenAiProvider({ baseUrl: standin.baseUrl, apiKey: 'test', model: 'augcon-standin' });
    provider = withResponseCache(withBatchDeferral(endpoint, store, { responseCache: true }), store);
  });
  afterEach(async () => {
    await store.close();
    await standin.close();
  });

  const deferred = (promise: Promise<unknown>) => promise.then(() => 'answered', (error: unknown) => (isDeferredToBatch(error) ? 'deferred' : `failed: ${(error as Error).message}`));

  it('defers a batch-mode run\'s calls, sends them as one batch, and answers them from the cache after it', async () => {
    const activities = createBatchActivities({ store, provider });
    expect(await deferred(provider.chat(ask('batched', 1)))).toBe('deferred');
    expect(await deferred(provider.chat(ask('batched', 2)))).toBe('deferred');
    expect(await deferred(provider.chat(ask('batched', 1)))).toBe('deferred'); // asked again: queued once
    expect(await deferred(provider.chat(ask('direct', 3)))).toBe('answered');
    expect(standin.calls()).toHaveLength(1);
    expect(await store.batchRequestCounts('batched')).toEqual({ queued: 2, submitted: 0, done: 0, direct: 0, batches: 0 });

    const submitted = await activities.submitBatch({ runName: 'batched', batch: 'cst-pass-1-round-1' });
    expect(submitted?.requests).toBe(2);
    // A retry (its worker died after the create) finds the batch: nothing is submitted twice.
    expect(await activities.submitBatch({ runName: 'batched', batch: 'cst-pass-1-round-1' })).toEqual(submitted);
    expect(standin.batches()).toHaveLength(1);
    expect(await activities.pollBatch({ runName: 'batched', id: submitted!.id })).toMatchObject({ ended: true, status: 'completed', total: 2 });
    expect(await activities.collectBatch({ runName: 'batched', batch: 'cst-pass-1-round-1', id: submitted!.id })).toEqual({ status: 'completed', replies: 2, direct: 0 });

    const before = standin.calls().length;
    const reply = await provider.chat(ask('batched', 1));
    expect(reply.cached).toBe('paid-by-this-run');
    expect(standin.calls()).toHaveLength(before);
    expect(await store.cacheStats('batched')).toMatchObject({ misses: 2, hits: 1 });
    // Nothing left: the next round has no batch.
    expect(await activities.submitBatch({ runName: 'batched', batch: 'cst-pass-1-round-2' })).toBeUndefined();
  });

  it('finds a batch whose create reply was lost instead of creating another', async () => {
    const activities = createBatchActivities({ store, provider });
    await deferred(provider.chat(ask('batched', 1)));
    const [request] = await store.claimBatchRequests('batched', 'answers-round-1');
    const lost = await endpoint.batches.createBatch('batched@2026-12-07T00:00:00Z/answers-round-1', [{ customId: request!.key, request: JSON.parse(request!.body) }]);
    expect((await activities.submitBatch({ runName: 'batched', batch: 'answers-round-1' }))?.id).toBe(lost.id);
    expect(standin.batches()).toHaveLength(1);
  });

  it('makes the calls a batch failed or left out directly on their next attempt', async () => {
    standin.configureBatches({ completionMs: 0, failEvery: 2 });
    const activities = createBatchActivities({ store, provider });
    for (const seed of [1, 2, 3, 4]) await deferred(provider.chat(ask('batched', seed)));
    const submitted = await activities.submitBatch({ runName: 'batched', batch: 'negatives-round-1' });
    expect(await activities.collectBatch({ runName: 'batched', batch: 'negatives-round-1', id: submitted!.id })).toEqual({ status: 'completed', replies: 2, direct: 2 });
    const failedKeys = standin.batches()[0]!.customIds.filter((_, index) => (index + 1) % 2 === 0);
    const direct = standin.calls().filter((call) => call.batchId === undefined).length;
    const results = await Promise.all([1, 2, 3, 4].map((seed) => deferred(provider.chat(ask('batched', seed)))));
    expect(results).toEqual(['answered', 'answered', 'answered', 'answered']);
    expect(standin.calls().filter((call) => call.batchId === undefined)).toHaveLength(direct + 2);
    for (const key of failedKeys) expect(await store.getCachedResponse(key)).toBeDefined();
    expect(await store.batchRequestCounts('batched')).toEqual({ queued: 0, submitted: 0, done: 2, direct: 2, batches: 1 });
  });

  it('fails a batch-mode call at once when the worker cannot serve a batch, saying why', async () => {
    const noCache = withBatchDeferral(endpoint, store, { responseCache: false });
    await expect(noCache.chat(ask('batched', 1))).rejects.toThrow(/batch mode, but the worker's response cache is off \(AUGCON_LLM_CACHE=off\)/);
    const inProcess: ChatProvider = { kind: 'llama.cpp (in process)', model: 'm', chat: () => Promise.reject(new Error('not called')) };
    await expect(withBatchDeferral(inProcess, store, { responseCache: true }).chat(ask('batched', 1))).rejects.toThrow(/has no Batch API/);
  });
});
