import { APIError } from 'openai';
import { createLlmMetrics, type LlmMetrics } from '../observability/llm-metrics';
import { LlmCallError } from '../domain/llm-errors';
import { withMetrics } from './instrumented-provider';
import type { ChatProvider, ChatRequest, ChatResponse } from './provider';

const request: ChatRequest = { messages: [{ role: 'user', content: 'question?' }], temperature: 0, maxTokens: 64, runName: 'run-secret-name-123' };

function reply(overrides: Partial<ChatResponse> = {}): ChatResponse {
  return { text: 'answer', model: 'm', usage: { promptTokens: 11, completionTokens: 7, totalTokens: 18 }, ...overrides };
}

/** A provider whose next replies (or failures) are scripted; `release` lets a held call finish. */
function scriptedProvider(steps: (() => Promise<ChatResponse>)[]): ChatProvider {
  return {
    kind: 'scripted',
    model: 'm',
    async chat() {
      const step = steps.shift();
      if (!step) throw new Error('no scripted reply left');
      return step();
    },
  };
}

/** A histogram's `_count` or `_sum` series for one outcome. */
async function histogramValue(metrics: LlmMetrics, series: 'count' | 'sum', outcome: string): Promise<number | undefined> {
  const { values } = await metrics.registry.getSingleMetric('augcon_llm_call_seconds')!.get();
  return (values as { metricName?: string; labels: Record<string, unknown>; value: number }[]).find(
    (entry) => entry.metricName === `augcon_llm_call_seconds_${series}` && entry.labels.outcome === outcome,
  )?.value;
}

async function value(metrics: LlmMetrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const matching = values.filter((entry) => Object.entries(labels).every(([key, label]) => entry.labels[key] === label) && !('le' in entry.labels));
  return matching.reduce((sum, entry) => sum + entry.value, 0);
}

describe('withMetrics', () => {
  it('counts answered calls, their tokens and their duration', async () => {
    const metrics = createLlmMetrics();
    const provider = withMetrics(
      scriptedProvider([async () => reply(), async () => reply({ usage: { promptTokens: 5, completionTokens: 3, totalTokens: 8 }, cachedPromptTokens: 4 })]),
      metrics,
      { cacheEnabled: true },
    );
    await provider.chat(request);
    await provider.chat(request);
    expect(await value(metrics, 'augcon_llm_calls_total', { outcome: 'ok' })).toBe(2);
    expect(await value(metrics, 'augcon_llm_tokens_total', { kind: 'prompt' })).toBe(16);
    expect(await value(metrics, 'augcon_llm_tokens_total', { kind: 'completion' })).toBe(10);
    // Of the prompt tokens, those the provider said came from its prompt cache.
    expect(await value(metrics, 'augcon_llm_tokens_total', { kind: 'cached_prompt' })).toBe(4);
    expect(await value(metrics, 'augcon_llm_cache_misses_total')).toBe(2);
    expect(await value(metrics, 'augcon_llm_cache_hits_total')).toBe(0);
    expect(await histogramValue(metrics, 'count', 'ok')).toBe(2);
    expect(await histogramValue(metrics, 'sum', 'ok')).toBeGreaterThanOrEqual(0);
  });

  it('counts a reply from the response cache as a hit, without tokens', async () => {
    const metrics = createLlmMetrics();
    const provider = withMetrics(scriptedProvider([async () => reply({ cached: 'paid-by-another-run' })]), metrics, { cacheEnabled: true });
    await provider.chat(request);
    expect(await value(metrics, 'augcon_llm_calls_total', { outcome: 'cache_hit' })).toBe(1);
    expect(await value(metrics, 'augcon_llm_calls_total', { outcome: 'ok' })).toBe(0);
    expect(await value(metrics, 'augcon_llm_cache_hits_total')).toBe(1);
    expect(await value(metrics, 'augcon_llm_cache_misses_total')).toBe(0);
    expect(await value(metrics, 'augcon_llm_tokens_total')).toBe(0);
  });

  it('counts failures by error class and rethrows them unchanged', async () => {
    const metrics = createLlmMetrics();
    const rateLimited = APIError.generate(429, { error: { message: 'slow down' } }, 'slow down', new Headers());
    const unauthorized = APIError.generate(401, { error: { message: 'bad key' } }, 'bad key', new Headers());
    const malformed = new LlmCallError({ type: 'LlmMalformedResponse', retryable: true, message: 'not JSON' });
    const provider = withMetrics(
      scriptedProvider([() => Promise.reject(rateLimited), () => Promise.reject(rateLimited), () => Promise.reject(unauthorized), () => Promise.reject(malformed)]),
      metrics,
      { cacheEnabled: false },
    );
    for (const expected of [rateLimited, rateLimited, unauthorized, malformed]) await expect(provider.chat(request)).rejects.toBe(expected);
    expect(await value(metrics, 'augcon_llm_calls_total', { outcome: 'error', error_class: 'LlmRateLimited' })).toBe(2);
    expect(await value(metrics, 'augcon_llm_calls_total', { outcome: 'error', error_class: 'LlmAuthError' })).toBe(1);
    expect(await value(metrics, 'augcon_llm_calls_total', { outcome: 'error', error_class: 'LlmMalformedResponse' })).toBe(1);
    expect(await value(metrics, 'augcon_llm_calls_total', { outcome: 'ok' })).toBe(0);
    // The cache is off: no misses are counted.
    expect(await value(metrics, 'augcon_llm_cache_misses_total')).toBe(0);
    expect(await histogramValue(metrics, 'count', 'error')).toBe(4);
  });

  it('tracks the calls in flight and returns to 0, whatever the outcome', async () => {
    const metrics = createLlmMetrics();
    const held: (() => void)[] = [];
    const hold = (outcome: 'ok' | 'error') => () =>
      new Promise<ChatResponse>((resolve, reject) => held.push(() => (outcome === 'ok' ? resolve(reply()) : reject(new Error('fetch failed')))));
    const provider = withMetrics(scriptedProvider([hold('ok'), hold('error'), hold('ok')]), metrics, { cacheEnabled: true });
    const calls = [provider.chat(request), provider.chat(request), provider.chat(request)].map((call) => call.catch((error: unknown) => error));
    await new Promise((resolve) => setImmediate(resolve));
    expect(await value(metrics, 'augcon_llm_in_flight')).toBe(3);
    held.shift()!();
    await calls[0];
    expect(await value(metrics, 'augcon_llm_in_flight')).toBe(2);
    for (const release of held) release();
    await Promise.all(calls);
    expect(await value(metrics, 'augcon_llm_in_flight')).toBe(0);
    expect(await value(metrics, 'augcon_llm_calls_total', { outcome: 'error', error_class: 'LlmConnectionError' })).toBe(1);
  });

  it('puts neither the run name nor the request in any label', async () => {
    const metrics = createLlmMetrics();
    const provider = withMetrics(scriptedProvider([async () => reply(), () => Promise.reject(new Error('unexpected: sk-this-is-a-long-secret-key'))]), metrics, { cacheEnabled: true });
    await provider.chat(request);
    await provider.chat(request).catch(() => undefined);
    const text = await metrics.registry.metrics();
    expect(text).toContain('augcon_llm_calls_total{outcome="ok"} 1');
    expect(text).toContain('augcon_llm_calls_total{outcome="error",error_class="LlmServerError"} 1');
    expect(text).not.toContain('run-secret-name-123');
    expect(text).not.toContain('question?');
    expect(text).not.toContain('sk-this-is');
  });

  it('counts embedding calls apart from chat calls and passes the provider through', async () => {
    const metrics = createLlmMetrics();
    const inner: ChatProvider = { kind: 'k', model: 'm', embeddingModel: 'e', chat: async () => reply(), embed: async (texts) => texts.map(() => [1, 0]) };
    const provider = withMetrics(inner, metrics, { cacheEnabled: false });
    expect(provider).toMatchObject({ kind: 'k', model: 'm', embeddingModel: 'e' });
    expect(await provider.embed!(['a', 'b'])).toEqual([
      [1, 0],
      [1, 0],
    ]);
    expect(await value(metrics, 'augcon_llm_embedding_calls_total', { outcome: 'ok' })).toBe(1);
    expect(await value(metrics, 'augcon_llm_calls_total')).toBe(0);
    expect(withMetrics({ kind: 'k', model: 'm', chat: async () => reply() }, metrics, { cacheEnabled: false }).embed).toBeUndefined();
  });
});
