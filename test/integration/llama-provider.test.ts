/**
 * The in-process GGUF path with a real model: ../shared/models/stories260K.gguf, Karpathy's 260K-parameter
 * TinyStories llama. It writes children's stories: this test proves the engine path (load, generate,
 * JSON-schema grammar, cancellation, concurrency), never the quality of questions or answers.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CST_JSON_SCHEMA } from '../../src/domain/cst/prompt';
import { parseJson } from '../../src/domain/cst/parse';
import { createLlamaProvider } from '../../src/llm/llama-provider';
import type { ChatProvider } from '../../src/llm/provider';

const MODEL = process.env.AUGCON_TEST_GGUF ?? join(__dirname, '..', '..', '..', 'shared', 'models', 'stories260K.gguf');

describe('the node-llama-cpp provider with the stories260K model', () => {
  let provider: ChatProvider;

  beforeAll(async () => {
    if (!existsSync(MODEL)) throw new Error(`the test model is missing: ${MODEL} (shared/models/stories260K.gguf beside the checkout)`);
    provider = await createLlamaProvider({ modelPath: MODEL, threads: 1, contextSize: 512, maxConcurrent: 2 });
  });
  afterAll(() => provider?.close?.());

  const messages = [{ role: 'user' as const, content: 'Once upon a time, there was a little dog named Spot.' }];

  it('generates text and counts tokens with the model tokenizer', async () => {
    const response = await provider.chat({ messages, temperature: 0, maxTokens: 24, seed: 1 });
    expect(response.text.length).toBeGreaterThan(0);
    expect(response.usage.completionTokens).toBeGreaterThan(0);
    expect(response.usage.completionTokens).toBeLessThanOrEqual(25);
    expect(response.usage.promptTokens).toBeGreaterThan(5);
    expect(response.model).toBe('stories260K.gguf');
  });

  it('follows the CST JSON schema through a grammar', async () => {
    const response = await provider.chat({ messages, temperature: 0.8, maxTokens: 200, seed: 3, jsonSchema: CST_JSON_SCHEMA });
    const json = parseJson(response.text);
    expect(json.ok).toBe(true);
    const value = (json.ok ? json.value : {}) as Record<string, unknown>;
    expect(Object.keys(value).sort()).toEqual(['context1', 'context2', 'question']);
    for (const field of ['question', 'context1', 'context2']) expect(typeof value[field]).toBe('string');
  });

  it('stops promptly when the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = provider.chat({ messages, temperature: 0.8, maxTokens: 100_000, seed: 5, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('serves concurrent calls', async () => {
    const replies = await Promise.all([1, 2, 3].map((seed) => provider.chat({ messages, temperature: 0.8, maxTokens: 16, seed })));
    expect(replies.every((reply) => reply.text.length > 0)).toBe(true);
  });
});
