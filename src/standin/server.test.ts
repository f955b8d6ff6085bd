/** The stand-in over real HTTP, through the `openai` package where a client would use it. */
import OpenAI from 'openai';
import { buildCstMessages } from '../domain/cst/prompt';
import { parseCstReply } from '../domain/cst/parse';
import { rougeL } from '../domain/rouge/rouge-l';
import { approximateTokens } from '../domain/text/tokens';
import { OpenAiProvider } from '../llm/openai-provider';
import { startStandinServer, type StandinServer } from './server';

const CONTEXT =
  'The town library moved into the old railway station in 2019. The waiting hall became a reading room, and the ticket office now lends laptops. Since the move, visits have doubled, mostly because commuters drop in on their way home.';
const ZH_CONTEXT = '小镇图书馆在2019年搬进了旧火车站。候车大厅改成了阅览室。搬迁之后，到馆人次翻了一番。';

describe('the stand-in LLM server', () => {
  let server: StandinServer;
  let client: OpenAI;
  beforeAll(async () => {
    server = await startStandinServer();
    client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'sk-never-logged', maxRetries: 0, timeout: 5000 });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.setFaults([]);
    server.resetCalls();
  });

  const ask = async (context: string, seed: number, options: { format?: 'json' | 'text'; instruction?: 'full' | 'terse'; structured?: boolean } = {}) => {
    const messages = buildCstMessages({ context, language: /[\u4e00-\u9fff]/.test(context) ? 'zh' : 'en', format: options.format ?? 'json', instruction: options.instruction });
    const completion = await client.chat.completions.create({
      model: 'augcon-standin',
      messages,
      seed,
      temperature: 0.85,
      ...(options.structured === false ? {} : { response_format: { type: 'json_schema', json_schema: { name: 'context_split', schema: {} } } }),
    });
    return completion;
  };

  it('answers a CST prompt with a question and a split at a sentence boundary', async () => {
    const completion = await ask(CONTEXT, 1);
    const reply = parseCstReply(completion.choices[0]!.message.content!);
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.value.context1).toBe('The town library moved into the old railway station in 2019. The waiting hall became a reading room, and the ticket office now lends laptops.');
    expect(reply.value.context2).toBe('Since the move, visits have doubled, mostly because commuters drop in on their way home.');
    expect(reply.value.question).toMatch(/\?$/);
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(50);
    expect(completion.model).toBe('augcon-standin');
  });

  it('reports a repeated prompt prefix as cached prompt tokens, which the provider reads back', async () => {
    const first = await ask(CONTEXT, 1);
    expect(first.usage!.prompt_tokens_details?.cached_tokens).toBe(0);
    // Another context behind the same instruction and examples: the system message is the cached prefix.
    const provider = new OpenAiProvider({ baseUrl: server.baseUrl, apiKey: 'sk-never-logged', model: 'augcon-standin', requestTimeoutMs: 5000 });
    const messages = buildCstMessages({ context: 'A second passage. It is short.', language: 'en', format: 'json' });
    const second = await provider.chat({ messages, temperature: 0, maxTokens: 256 });
    expect(second.cachedPromptTokens).toBe(approximateTokens(messages[0]!.content));
    expect(second.cachedPromptTokens).toBeLessThan(second.usage.promptTokens);
    expect(server.calls().map((call) => call.cachedPromptTokens)).toEqual([0, second.cachedPromptTokens]);
    // A weakened prompt has another prefix: nothing cached the first time.
    expect((await ask(CONTEXT, 1, { instruction: 'terse' })).usage!.prompt_tokens_details?.cached_tokens).toBe(0);
  });

  it('uses the text format when asked for it without structured output', async () => {
    const completion = await ask(CONTEXT, 1, { format: 'text', structured: false });
    expect(completion.choices[0]!.message.content).toMatch(/^Question: .+\nContext 1: .+\nContext 2: .+$/);
  });

  it('splits Chinese at sentence boundaries and asks in Chinese; a single sentence at a clause mark', async () => {
    const reply = parseCstReply((await ask(ZH_CONTEXT, 2)).choices[0]!.message.content!);
    expect(reply.ok && reply.value.question).toMatch(/[\u4e00-\u9fff]/);
    expect(reply.ok && reply.value.context1 + reply.value.context2).toBe(ZH_CONTEXT);
    const single = parseCstReply((await ask('The waiting hall became a reading room, and the ticket office now lends laptops.', 1)).choices[0]!.message.content!);
    expect(single.ok && [single.value.context1, single.value.context2]).toEqual(['The waiting hall became a reading room,', 'and the ticket office now lends laptops.']);
  });

  it('is deterministic per seed and varies across seeds', async () => {
    const a = (await ask(CONTEXT, 11)).choices[0]!.message.content;
    const b = (await ask(CONTEXT, 11)).choices[0]!.message.content;
    const questions = new Set<string>();
    for (let seed = 0; seed < 6; seed += 1) {
      const reply = parseCstReply((await ask(CONTEXT, seed)).choices[0]!.message.content!);
      if (reply.ok) questions.add(reply.value.question);
    }
    expect(a).toBe(b);
    expect(questions.size).toBeGreaterThan(2);
  });

  it('asks visibly weaker questions for a weakened prompt', async () => {
    let strong = 0;
    let weak = 0;
    for (let seed = 0; seed < 8; seed += 1) {
      const full = parseCstReply((await ask(CONTEXT, seed)).choices[0]!.message.content!);
      const terse = parseCstReply((await ask(CONTEXT, seed, { instruction: 'terse' })).choices[0]!.message.content!);
      if (full.ok) strong += rougeL(full.value.question, CONTEXT).precision;
      if (terse.ok) weak += rougeL(terse.value.question, CONTEXT).precision;
    }
    expect(strong).toBeGreaterThan(weak);
    expect(server.calls().filter((call) => call.kind === 'cst-weak')).toHaveLength(8);
  });

  it('serves deterministic unit-length embeddings that are closer for similar texts', async () => {
    const result = await client.embeddings.create({ model: 'augcon-standin', input: ['the library moved', 'the library moved house', 'volcanoes erupt'] });
    const [a, b, c] = result.data.map((item) => item.embedding);
    const dot = (x: number[], y: number[]) => x.reduce((sum, value, index) => sum + value * y[index]!, 0);
    expect(dot(a!, a!)).toBeCloseTo(1, 3);
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!));
  });

  it('injects 429 with retry-after, 5xx, malformed content, and logs outcomes', async () => {
    server.setFaults([{ kind: 'status', status: 429, retryAfterSeconds: 2, firstN: 1 }]);
    const limited = await ask(CONTEXT, 1).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('2');
    await expect(ask(CONTEXT, 1)).resolves.toBeDefined(); // firstN: 1

    server.setFaults([{ kind: 'status', status: 503, firstN: 1 }]);
    await expect(ask(CONTEXT, 1)).rejects.toBeInstanceOf(OpenAI.InternalServerError);

    server.setFaults([{ kind: 'malformed-content', firstN: 1 }]);
    const garbage = await ask(CONTEXT, 1);
    expect(parseCstReply(garbage.choices[0]!.message.content!).ok).toBe(false);

    expect(server.calls().map((call) => call.outcome)).toEqual(['fault:status', 'ok', 'fault:status', 'fault:malformed-content']);
    expect(JSON.stringify(server.calls())).not.toContain('sk-never-logged');
  });

  it('injects broken bodies and connection resets that the client reports as failures', async () => {
    for (const kind of ['malformed-body', 'truncated-body', 'reset'] as const) {
      server.setFaults([{ kind, firstN: 1 }]);
      await expect(ask(CONTEXT, 1)).rejects.toBeDefined();
      await expect(ask(CONTEXT, 1)).resolves.toBeDefined();
    }
  });

  it('hangs until the client gives up, and records the closed call', async () => {
    server.setFaults([{ kind: 'hang', firstN: 1 }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal })).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(server.calls()[0]!.outcome).toBe('fault:hang');
  });

  it('honours fault rates deterministically and never faults a retried body forever', async () => {
    server.setFaults([{ kind: 'status', status: 500, rate: 0.3 }]);
    let failures = 0;
    for (let seed = 0; seed < 60; seed += 1) {
      let attempts = 0;
      for (;;) {
        attempts += 1;
        try {
          await ask(CONTEXT, seed);
          break;
        } catch {
          failures += 1;
        }
        expect(attempts).toBeLessThan(10);
      }
    }
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(45);
  });

  it('marks a call closed by the client during latency', async () => {
    server.setLatency(300);
    await expect(ask(CONTEXT, 1)).resolves.toBeDefined();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { signal: controller.signal }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 400));
    server.setLatency(0);
    expect(server.calls().map((call) => call.outcome)).toEqual(['ok', 'client-closed']);
  });

  it('is controlled over HTTP: faults, latency, the call log and reset', async () => {
    const control = (path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${server.port}/_standin/${path}`, { method: 'POST', body: body === undefined ? '' : JSON.stringify(body) });
    const set = await control('faults', [{ kind: 'status', status: 503, firstN: 1 }]);
    expect(set.status).toBe(200);
    expect(((await set.json()) as { rules: unknown[] }).rules).toEqual([expect.objectContaining({ kind: 'status', status: 503, rate: 1, firstN: 1 })]);
    await expect(ask(CONTEXT, 3)).rejects.toMatchObject({ status: 503 });
    await expect(ask(CONTEXT, 3)).resolves.toBeDefined();
    const calls = (await (await control('calls')).json()) as { outcome: string; status: number }[];
    expect(calls.map((call) => [call.outcome, call.status])).toEqual([['fault:status', 503], ['ok', 200]]);
    // Bad control input is refused with 400 and changes nothing.
    expect((await control('faults', [{ kind: 'flood' }])).status).toBe(400);
    expect((await control('latency', { ms: -1 })).status).toBe(400);
    expect((await control('latency', { ms: 0 })).status).toBe(200);
    expect((await control('nothing')).status).toBe(404);
    expect((await control('reset')).status).toBe(200);
    expect(server.calls()).toEqual([]);
  });

  describe('with a capacity', () => {
    const chat = (target: StandinServer, content: string) =>
      new OpenAI({ baseURL: target.baseUrl, apiKey: 'sk-never-logged', maxRetries: 0, timeout: 20_000 }).chat.completions.create({ model: 'm', messages: [{ role: 'user', content }] });
    /** The most calls whose service intervals overlap. */
    const mostInService = (calls: { servedAt?: number; endedAt?: number }[]) => {
      const edges = calls.flatMap((call) => [[call.servedAt!, 1] as const, [call.endedAt!, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      let now = 0;
      let most = 0;
      for (const [, step] of edges) most = Math.max(most, (now += step));
      return most;
    };

    it('serves at most that many calls at once; the others wait in line and are served', async () => {
      const limited = await startStandinServer({ capacity: 2, latencyMs: 100 });
      try {
        await Promise.all(Array.from({ length: 6 }, (_, i) => chat(limited, `call ${i}.`)));
        const calls = limited.calls();
        expect(calls.map((call) => call.outcome)).toEqual(Array(6).fill('ok'));
        expect(mostInService(calls)).toBe(2);
        for (const call of calls) expect(call.servedAt).toBeGreaterThanOrEqual(call.startedAt);
      } finally {
        await limited.close();
      }
    });

    it('answers 429 over the capacity when it rejects', async () => {
      const shedding = await startStandinServer({ capacity: 1, overCapacity: 'reject', latencyMs: 1000 });
      try {
        const first = chat(shedding, 'first.');
        await waitUntil(() => shedding.calls().some((call) => call.servedAt !== undefined));
        await expect(chat(shedding, 'second.')).rejects.toMatchObject({ status: 429 });
        await expect(first).resolves.toBeDefined();
        expect(shedding.calls().map((call) => [call.outcome, call.status])).toEqual([['ok', 200], ['over-capacity', 429]]);
      } finally {
        await shedding.close();
      }
    });
  });
});

async function waitUntil(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}
