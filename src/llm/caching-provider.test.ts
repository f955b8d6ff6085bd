import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CacheUse, CachedResponse } from '../store/run-store';
import { responseCacheKey, withResponseCache } from './caching-provider';
import { fileSha256, ggufIdentity } from './llama-identity';
import { endpointIdentity, OpenAiProvider } from './openai-provider';
import { savedTokens } from '../domain/tokens';
import { replyUsage, type ChatProvider, type ChatRequest } from './provider';

const request: ChatRequest = { messages: [{ role: 'user', content: 'Split this passage.' }], temperature: 0.8, maxTokens: 64, seed: 7 };

function memoryStore() {
  const entries = new Map<string, CachedResponse>();
  return {
    entries,
    getCachedResponse: async (key: string) => entries.get(key),
    putCachedResponse: async (key: string, response: CachedResponse) => void entries.set(key, response),
    uses: [] as { runName: string; use: CacheUse }[],
    async countCacheUse(runName: string, use: CacheUse) {
      this.uses.push({ runName, use });
    },
  };
}

function fakeProvider(identity: string | undefined, text: string): ChatProvider & { calls: number } {
  const provider = {
    kind: 'openai-compatible',
    model: 'same-name',
    ...(identity === undefined ? {} : { identity }),
    calls: 0,
    async chat() {
      provider.calls += 1;
      return { text, model: 'same-name', usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, cachedPromptTokens: 1 };
    },
  };
  return provider;
}

describe('the response cache key', () => {
  it('does not share replies between two backends serving a model of the same name', async () => {
    const store = memoryStore();
    const first = fakeProvider('http://gpu-a:8000/v1', 'from a');
    const second = fakeProvider('http://gpu-b:8000/v1', 'from b');
    expect((await withResponseCache(first, store).chat(request)).text).toBe('from a');
    const reply = await withResponseCache(second, store).chat(request);
    expect(reply).toMatchObject({ text: 'from b' });
    expect(reply.cached).toBeUndefined();
    expect(second.calls).toBe(1);
    expect(store.entries.size).toBe(2);
    // The same backend again is a hit.
    expect(await withResponseCache(fakeProvider('http://gpu-a:8000/v1', 'unused'), store).chat(request)).toMatchObject({ text: 'from a', cached: 'paid-by-another-run' });
  });

  it('names an openai-compatible provider by its base URL, never by its API key', () => {
    const key = (baseUrl: string, apiKey: string) => responseCacheKey(new OpenAiProvider({ baseUrl, apiKey, model: 'same-name' }), request);
    expect(key('http://localhost:8000/v1', 'sk-1')).not.toBe(key('http://localhost:8001/v1', 'sk-1'));
    expect(key('http://localhost:8000/v1', 'sk-1')).toBe(key('http://localhost:8000/v1', 'sk-2'));
    const provider = new OpenAiProvider({ baseUrl: 'http://user:sk-in-url@Example.com:8000/v1/?key=sk-query', apiKey: 'sk-secret', model: 'm' });
    expect(provider.identity).toBe('http://example.com:8000/v1');
    expect(endpointIdentity('http://localhost:8000/v1/')).toBe(endpointIdentity('http://localhost:8000/v1'));
  });

  it('names a GGUF model by its content, not its file name', async () => {
    const root = await mkdtemp(join(tmpdir(), 'augcon-gguf-'));
    const paths = ['a', 'b', 'c'].map((directory) => join(root, directory, 'model.gguf'));
    await Promise.all(paths.map((path) => mkdir(join(path, '..'))));
    await writeFile(paths[0]!, 'GGUF weights one');
    await writeFile(paths[1]!, 'GGUF weights two');
    await writeFile(paths[2]!, 'GGUF weights one');
    const [one, two, sameAsOne] = await Promise.all(paths.map(fileSha256));
    expect(one).toMatch(/^[0-9a-f]{64}$/);
    const key = (sha256: string) => responseCacheKey({ kind: 'llama.cpp (in process)', model: 'model.gguf', identity: ggufIdentity(sha256) }, request);
    expect(key(one!)).not.toBe(key(two!));
    expect(key(one!)).toBe(key(sameAsOne!));
  });
});

describe('who paid for a reply', () => {
  const tokens = { promptTokens: 1, completionTokens: 1, totalTokens: 2 };
  const none = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

  it("charges a run's own reply asked for again on a retry, not a hit on another run's reply", async () => {
    const store = memoryStore();
    const provider = withResponseCache(fakeProvider('http://gpu-a:8000/v1', 'reply'), store);
    const first = await provider.chat({ ...request, runName: 'run-a' });
    expect(first.cached).toBeUndefined();
    expect(replyUsage(first)).toStrictEqual({ ...tokens, paid: tokens });
    // run-a's retried activity asks again: the reply was paid by run-a (once: its row is written once).
    const retried = await provider.chat({ ...request, runName: 'run-a' });
    expect(retried).toMatchObject({ usage: tokens, cached: 'paid-by-this-run' });
    expect(replyUsage(retried)).toStrictEqual({ ...tokens, paid: tokens });
    // run-b gets run-a's reply for nothing: its tokens are kept, none of them paid.
    const reused = await provider.chat({ ...request, runName: 'run-b' });
    expect(reused).toMatchObject({ usage: tokens, cached: 'paid-by-another-run' });
    expect(replyUsage(reused)).toStrictEqual({ ...tokens, paid: none });
    expect(savedTokens(replyUsage(reused))).toBe(2);
    // The call made counts its prompt tokens and those the provider served from its prompt cache.
    expect(store.uses).toStrictEqual([
      { runName: 'run-a', use: { hit: false, promptTokens: 1, cachedPromptTokens: 1 } },
      { runName: 'run-a', use: { hit: true } },
      { runName: 'run-b', use: { hit: true } },
    ]);
    expect(store.entries.values().next().value).toMatchObject({ paidByRun: 'run-a' });
  });

  it('counts a failed call as a miss without tokens, and stores nothing', async () => {
    const store = memoryStore();
    const failing: ChatProvider = {
      kind: 'openai-compatible',
      model: 'm',
      chat: async () => {
        throw new Error('endpoint down');
      },
    };
    await expect(withResponseCache(failing, store).chat({ ...request, runName: 'run-a' })).rejects.toThrow('endpoint down');
    expect(store.uses).toStrictEqual([{ runName: 'run-a', use: { hit: false } }]);
    expect(store.entries.size).toBe(0);
  });
});
