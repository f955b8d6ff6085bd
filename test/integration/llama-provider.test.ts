/**
 * The in-process GGUF path with the real instruction model, SmolLM2-135M-Instruct (scripts/install-model.sh
 * puts it at $AUGCON_SMOLLM2_PATH): the chat template, generation and token counts, the CST JSON-schema
 * grammar, cancellation, and replies that do not depend on which sequence served them or what it held
 * (prefix reuse) nor on how many run at once. A 135M model: this proves the engine path, not quality.
 */
import type { LlamaModel } from 'node-llama-cpp';
import { defaultCstExamples } from '../../src/domain/cst/examples';
import { parseCstReply } from '../../src/domain/cst/parse';
import { buildCstMessages, CST_JSON_SCHEMA } from '../../src/domain/cst/prompt';
import { createLlamaProvider, type LlamaGenerationStats, type LlamaProvider } from '../../src/llm/llama-provider';
import type { ChatMessage } from '../../src/domain/chat';
import type { ChatRequest } from '../../src/llm/provider';
import { requireSmollm2, SMOLLM2_FILE } from '../../src/llm/smollm2';

let modelPath: string;
/** The first test's reply; the same request after an aborted one must get it again. */
let firstReply: string;

const PASSAGES = [
  'Every Friday afternoon, whoever is on the kitchen rota backflushes the group head of the espresso machine. ' +
    'Put the blind basket into the portafilter, add half a spoon of cleaning powder and run five cycles.',
  'The night bus leaves the station at a quarter past midnight. Tickets are sold on board, and the driver ' +
    'only accepts exact change, so passengers should bring coins.',
  'Once a month the facilities desk descales the machine. Please do not try it yourself: the procedure ' +
    'drains the steam boiler, and its valve is easy to damage.',
];
/** A CST prompt with one example: the shared instruction prefix of the real prompt, shorter to evaluate. */
const cstMessages = (passage: string) => buildCstMessages({ context: passage, language: 'en', format: 'json', examples: defaultCstExamples('en').slice(0, 1) });

describe('the node-llama-cpp provider with SmolLM2-135M-Instruct', () => {
  let provider: LlamaProvider;
  let reference: LlamaProvider;
  let vocabulary: LlamaModel;
  const served: LlamaGenerationStats[] = [];

  beforeAll(async () => {
    modelPath = requireSmollm2();
    // Two sequences of one thread each, and a one-sequence reference that evaluates every prompt from scratch.
    provider = await createLlamaProvider({ modelPath, threads: 2, sequences: 2, contextSize: 1024, onGeneration: (stats) => served.push(stats) });
    reference = await createLlamaProvider({ modelPath, threads: 1, sequences: 1, contextSize: 1024, reusePrefix: false });
    const { getLlama } = await import('node-llama-cpp');
    vocabulary = await (await getLlama({ gpu: false, build: 'never' })).loadModel({ modelPath, vocabOnly: true });
  });
  afterAll(async () => {
    await provider?.close();
    await reference?.close();
    await vocabulary?.dispose();
  });

  const question: ChatMessage[] = [{ role: 'user', content: 'What is the capital of France?' }];

  it('renders the messages with the model’s chat template', async () => {
    expect(provider.promptFormat).toBe('JinjaTemplate');
    expect(provider.renderPrompt(question)).toBe(
      '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n' +
        '<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n',
    );
    const cst = provider.renderPrompt(cstMessages(PASSAGES[0]!));
    expect(cst.startsWith('<|im_start|>system\nYou help build question-answer training data')).toBe(true);
    expect(cst.endsWith('</context><|im_end|>\n<|im_start|>assistant\n')).toBe(true);
    // It answers as the assistant: the reply is text of its own, and the turn markers stop it.
    const reply = await provider.chat({ messages: question, temperature: 0, maxTokens: 16, seed: 1 });
    expect(reply.text.trim().length).toBeGreaterThan(0);
    expect(reply.text).not.toMatch(/<\|im_(start|end)\|>|^(user|assistant)\b/);
    firstReply = reply.text;
  });

  it('generates text and counts tokens with the model tokenizer', async () => {
    const response = await provider.chat({ messages: question, temperature: 0.8, maxTokens: 12, seed: 2 });
    expect(response.text.length).toBeGreaterThan(0);
    expect(response.usage.promptTokens).toBe(vocabulary.tokenize(provider.renderPrompt(question), true).length);
    expect(response.usage.completionTokens).toBeGreaterThanOrEqual(vocabulary.tokenize(response.text).length);
    expect(response.usage.completionTokens).toBeLessThanOrEqual(12);
    expect(response.usage.totalTokens).toBe(response.usage.promptTokens + response.usage.completionTokens);
    expect(response.model).toBe(SMOLLM2_FILE);
    expect(provider.identity).toMatch(/^gguf sha256:[0-9a-f]{64}$/);
    const truncated = await provider.chat({ messages: cstMessages(PASSAGES[1]!), temperature: 0.8, maxTokens: 5, seed: 2 });
    expect(truncated).toMatchObject({ finishReason: 'length', usage: { completionTokens: 5 } });
  });

  it('follows the CST JSON schema through a grammar', async () => {
    const response = await provider.chat({ messages: cstMessages(PASSAGES[1]!), temperature: 0, maxTokens: 400, seed: 3, jsonSchema: CST_JSON_SCHEMA });
    const parsed = parseCstReply(response.text);
    expect(parsed).toMatchObject({ ok: true });
    if (parsed.ok) for (const field of ['question', 'context1', 'context2'] as const) expect(parsed.value[field].length).toBeGreaterThan(0);
  });

  it('stops promptly when the signal aborts, and the sequence serves the next call', async () => {
    const controller = new AbortController();
    // Left alone, this generation runs until the context is full (about a minute): an abort makes it reject.
    const pending = provider.chat({ messages: question, temperature: 0.8, maxTokens: 100_000, seed: 5, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect((await provider.chat({ messages: question, temperature: 0, maxTokens: 16, seed: 1 })).text).toBe(firstReply);
  });

  it('gives every request the reply of a fresh one-sequence evaluation, however many run at once and whichever sequence serves it', async () => {
    const requests: ChatRequest[] = PASSAGES.slice(0, 2).flatMap((passage) => [
      { messages: cstMessages(passage), temperature: 0, maxTokens: 20, seed: 11 },
      { messages: cstMessages(passage), temperature: 0.8, maxTokens: 20, seed: 12 },
    ]);
    const expected: string[] = [];
    for (const request of requests) expected.push((await reference.chat(request)).text);
    served.length = 0;
    // Four calls on two sequences at once: they queue, each sequence serves several prompts in turn.
    const concurrent = await Promise.all(requests.map((request) => provider.chat(request)));
    expect(concurrent.map((reply) => reply.text)).toEqual(expected);
    expect(new Set(served.map((stats) => stats.slot))).toEqual(new Set([0, 1]));
    expect(served.every((stats) => stats.reusedPromptTokens === 0)).toBe(true);
    // Served again one by one, in another order: the same replies.
    for (const index of [3, 0, 2, 1]) expect((await provider.chat(requests[index]!)).text).toBe(expected[index]);
  });

  it('with reusePrefix, evaluates only what a prompt does not share with the sequence', async () => {
    const stats: LlamaGenerationStats[] = [];
    const reusing = await createLlamaProvider({ modelPath, threads: 1, sequences: 1, contextSize: 1024, reusePrefix: true, onGeneration: (each) => stats.push(each) });
    try {
      for (const passage of PASSAGES) {
        const reply = await reusing.chat({ messages: cstMessages(passage), temperature: 0, maxTokens: 8, seed: 11 });
        expect(reply.text.length).toBeGreaterThan(0);
      }
    } finally {
      await reusing.close();
    }
    expect(stats).toHaveLength(PASSAGES.length);
    expect(stats[0]!.reusedPromptTokens).toBe(0);
    // The shared instruction and example are kept: most of every later prompt is not evaluated again.
    for (const later of stats.slice(1)) expect(later.reusedPromptTokens / later.promptTokens).toBeGreaterThan(0.5);
  });
});
