import { buildCstMessages } from '../domain/cst/prompt';
import { parseCstReply } from '../domain/cst/parse';
import { startStandinServer, type StandinServer } from '../standin/server';
import type { BatchApi, BatchLine } from './batch-api';
import { OpenAiProvider } from './openai-provider';

const context = 'The river floods every spring. Farmers plant after the water recedes. The soil is rich with silt.';

const line = (seed: number): BatchLine => ({
  customId: `key-${seed}`,
  request: { messages: buildCstMessages({ context, language: 'en', format: 'text' }), temperature: 0.8, maxTokens: 200, seed },
});

describe('the OpenAI Batch API client against the stand-in', () => {
  let standin: StandinServer;
  let api: BatchApi;

  beforeEach(async () => {
    standin = await startStandinServer({ batches: { completionMs: 60_000 } });
    api = new OpenAiProvider({ baseUrl: standin.baseUrl, apiKey: 'test', model: 'augcon-standin' }).batches;
  });
  afterEach(() => standin.close());

  it('submits the lines as one file, finds the batch again by name, and reads each reply once it has ended', async () => {
    const submitted = await api.createBatch('run-a@2026/cst-pass-1-round-1', [line(1), line(2), line(3)]);
    expect(submitted).toMatchObject({ status: 'in_progress', counts: { total: 3, completed: 0, failed: 0 } });
    expect(standin.calls()).toHaveLength(0);
    expect(await api.findBatch('run-a@2026/cst-pass-1-round-1')).toMatchObject({ id: submitted.id });
    expect(await api.findBatch('run-b@2026/cst-pass-1-round-1')).toBeUndefined();

    standin.configureBatches({ completionMs: 0 });
    expect((await api.getBatch(submitted.id)).status).toBe('in_progress'); // its end was set when it was created
    const [batch] = standin.batches();
    expect(batch!.customIds).toEqual(['key-1', 'key-2', 'key-3']);
  });

  it('returns every reply of a completed batch under its custom id, with usage', async () => {
    standin.configureBatches({ completionMs: 0 });
    const created = await api.createBatch('run-a@2026/negatives-round-1', [line(1), line(2)]);
    const ended = await api.getBatch(created.id);
    expect(ended).toMatchObject({ status: 'completed', counts: { total: 2, completed: 2, failed: 0 } });
    const results = await api.batchResults(ended);
    expect(results.map((result) => result.customId).sort()).toEqual(['key-1', 'key-2']);
    for (const result of results) {
      if (!('response' in result)) throw new Error(`no reply for ${result.customId}: ${result.error}`);
      expect(parseCstReply(result.response.text).ok).toBe(true);
      expect(result.response.usage.promptTokens).toBeGreaterThan(0);
    }
    expect(standin.calls().map((call) => [call.batchId, call.customId, call.outcome])).toEqual([
      [created.id, 'key-1', 'ok'],
      [created.id, 'key-2', 'ok'],
    ]);
  });

  it('reports the lines a batch failed, and an expired batch keeps only what it finished', async () => {
    standin.configureBatches({ completionMs: 0, failEvery: 2 });
    const failing = await api.getBatch((await api.createBatch('failing', [line(1), line(2), line(3)])).id);
    const results = await api.batchResults(failing);
    expect(results.filter((result) => 'error' in result).map((result) => result.customId)).toEqual(['key-2']);
    expect(results.filter((result) => 'response' in result)).toHaveLength(2);

    standin.configureBatches({ completionMs: 0, failEvery: undefined, outcome: 'expired' });
    const expired = await api.getBatch((await api.createBatch('expiring', [line(4), line(5), line(6), line(7)])).id);
    expect(expired.status).toBe('expired');
    expect((await api.batchResults(expired)).map((result) => result.customId)).toEqual(['key-4', 'key-5']);
  });
});
