/**
 * ChatProvider for a GGUF model in process through node-llama-cpp (CPU prebuilt binaries from npm;
 * never built from source or downloaded at run time).
 *
 * - Prompts are rendered with the model's own chat template (llama-prompt.ts).
 * - `sequences` generations run at once, each in its own context (a "slot") with threads/sequences
 *   CPU threads. One context with several sequences would batch their tokens together, but llama.cpp
 *   then evaluates a sequence differently depending on what the others are doing at that moment
 *   (batch split, attention path), so replies would depend on timing; separate contexts keep every
 *   reply a function of its request and seed (tested).
 * - With `reusePrefix`, a slot keeps its evaluated tokens and the next prompt reuses the longest
 *   prefix it shares with them (llama-slots.ts), going to the free slot where that prefix is longest.
 *   Every CST prompt starts with the same instruction and examples, so most of it is not evaluated
 *   again; but llama.cpp's CPU kernels are not batch-invariant, and the integration test measured
 *   replies that still drift with reuse. Off by default: a reply is then a function of its request.
 * - JSON-schema requests are constrained by a grammar, so the reply is valid JSON for the schema.
 *
 * node-llama-cpp is an ES module; this CommonJS build loads it with a real dynamic import().
 */
import type * as NodeLlamaCppModule from 'node-llama-cpp';
import type { LlamaCompletion, LlamaContextSequence, LlamaJsonSchemaGrammar } from 'node-llama-cpp';
import { LlmCallError } from '../domain/llm-errors';
import { fileSha256, ggufIdentity } from './llama-identity';
import { createPromptRenderer } from './llama-prompt';
import { reusableLength, SlotPool } from './llama-slots';
import type { ChatMessage } from '../domain/chat';
import type { ChatProvider, ChatRequest, ChatResponse } from './provider';

export { transcript } from './llama-prompt';

export interface LlamaProviderOptions {
  modelPath: string;
  /** CPU threads in all, shared by the sequences (each gets threads / sequences, at least 1). Set it explicitly. */
  threads: number;
  /** Generations running at once, each in its own context. @default 2 */
  sequences?: number;
  /** Tokens per sequence, prompt and reply together. @default 2048 */
  contextSize?: number;
  /**
   * Keep a sequence's tokens and evaluate only what a new prompt does not share with them. Faster
   * prompts, but a reply may then differ slightly from a fresh evaluation of the same request. @default false
   */
  reusePrefix?: boolean;
  /** Called after every generation with its token counts and timings (the bench reads them). */
  onGeneration?: (stats: LlamaGenerationStats) => void;
}

export interface LlamaGenerationStats {
  /** The slot (context) that served the call. */
  slot: number;
  promptTokens: number;
  /** Prompt tokens already in the slot's context, not evaluated again. */
  reusedPromptTokens: number;
  completionTokens: number;
  /** performance.now() when the slot started on the call, when the first reply token came and when it ended. */
  startedAt: number;
  firstTokenAt: number;
  finishedAt: number;
}

export interface LlamaProvider extends ChatProvider {
  readonly identity: string;
  /** The prompt format: "JinjaTemplate" (the GGUF's chat template) or "transcript". */
  readonly promptFormat: string;
  readonly sequences: number;
  readonly threadsPerSequence: number;
  /** The prompt text the model sees for these messages, special tokens included. */
  renderPrompt(messages: readonly ChatMessage[]): string;
  close(): Promise<void>;
}

type NodeLlamaCpp = typeof NodeLlamaCppModule;

interface Slot {
  index: number;
  sequence: LlamaContextSequence;
  completion: LlamaCompletion;
}

// Kept as a real import() in the CommonJS output (TypeScript's nodenext mode does not rewrite it).
const loadNodeLlamaCpp = (): Promise<NodeLlamaCpp> => import('node-llama-cpp');

/** llama.cpp's prompt chunk; replies are reproducible only if it never changes (see llama-slots.ts). */
const BATCH_SIZE = 512;

function cancelled(): Error {
  const aborted = new Error('the in-process generation was cancelled');
  aborted.name = 'AbortError';
  return aborted;
}

export async function createLlamaProvider(options: LlamaProviderOptions): Promise<LlamaProvider> {
  const library = await loadNodeLlamaCpp();
  const sequences = options.sequences ?? 2;
  const threadsPerSequence = Math.max(1, Math.floor(options.threads / sequences));
  const contextSize = options.contextSize ?? 2048;
  const batchSize = Math.min(BATCH_SIZE, contextSize);
  const reusePrefix = options.reusePrefix ?? false;
  const llama = await library.getLlama({ gpu: false, build: 'never', logLevel: library.LlamaLogLevel.error, maxThreads: sequences * threadsPerSequence });
  const [model, sha256] = await Promise.all([llama.loadModel({ modelPath: options.modelPath }), fileSha256(options.modelPath)]);
  // min = ideal: a context never runs on fewer threads, which would change how llama.cpp sums.
  const contexts = await Promise.all(
    Array.from({ length: sequences }, () =>
      model.createContext({ contextSize, batchSize, sequences: 1, threads: { ideal: threadsPerSequence, min: threadsPerSequence } }),
    ),
  );
  const slots: Slot[] = contexts.map((context, index) => {
    const sequence = context.getSequence();
    return { index, sequence, completion: new library.LlamaCompletion({ contextSequence: sequence }) };
  });
  const pool = new SlotPool(slots);
  const renderer = createPromptRenderer(library, model);
  const grammars = new Map<string, Promise<LlamaJsonSchemaGrammar<never>>>();
  const modelName = options.modelPath.split('/').at(-1) ?? options.modelPath;

  function grammarFor(schema: Record<string, unknown>): Promise<LlamaJsonSchemaGrammar<never>> {
    const key = JSON.stringify(schema);
    let grammar = grammars.get(key);
    if (!grammar) {
      grammar = llama.createGrammarForJsonSchema(schema as never);
      grammars.set(key, grammar);
    }
    return grammar;
  }

  async function generate(slot: Slot, request: ChatRequest, prompt: ReturnType<typeof renderer.render>): Promise<ChatResponse> {
    const startedAt = performance.now();
    const { sequence } = slot;
    const kept = reusePrefix ? reusableLength(sequence.contextTokens, prompt.tokens, batchSize) : 0;
    if (sequence.nextTokenIndex > kept) await sequence.eraseContextTokenRanges([{ start: kept, end: sequence.nextTokenIndex }]);
    const grammar = request.jsonSchema ? await grammarFor(request.jsonSchema.schema) : undefined;
    const outputBefore = sequence.tokenMeter.usedOutputTokens;
    let firstTokenAt: number | undefined;
    const result = await slot.completion.generateCompletionWithMeta(prompt.input, {
      maxTokens: request.maxTokens,
      temperature: request.temperature,
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      ...(grammar ? { grammar } : {}),
      customStopTriggers: prompt.stopTriggers,
      signal: request.signal,
      stopOnAbortSignal: false,
      // Never drop the start of the prompt: the reply stops at the end of the context instead.
      disableContextShift: true,
      contextShiftSize: 1,
      onToken: () => {
        firstTokenAt ??= performance.now();
      },
    });
    const finishedAt = performance.now();
    const promptTokens = prompt.tokens.length;
    // Tokens the model sampled (the library meters each one as an output token), the stop token included.
    const completionTokens = sequence.tokenMeter.usedOutputTokens - outputBefore;
    options.onGeneration?.({ slot: slot.index, promptTokens, reusedPromptTokens: kept, completionTokens, startedAt, firstTokenAt: firstTokenAt ?? finishedAt, finishedAt });
    return {
      text: result.response,
      model: modelName,
      finishReason: result.metadata.stopReason === 'maxTokens' ? 'length' : 'stop',
      usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens },
      // The prompt tokens the sequence kept evaluated from its last call: the in-process prompt cache.
      cachedPromptTokens: kept,
    };
  }

  async function chat(request: ChatRequest): Promise<ChatResponse> {
    request.signal?.throwIfAborted();
    const prompt = renderer.render(request.messages);
    if (prompt.tokens.length >= contextSize) {
      throw new LlmCallError({
        type: 'LlmBadRequest',
        retryable: false,
        message: `the prompt has ${prompt.tokens.length} tokens, the in-process context holds ${contextSize}: raise AUGCON_LLAMA_CONTEXT_SIZE`,
      });
    }
    const score = (slot: Slot) => (reusePrefix ? reusableLength(slot.sequence.contextTokens, prompt.tokens, batchSize) : 0);
    let slot: Slot;
    try {
      slot = await pool.acquire(score, request.signal);
    } catch (error) {
      throw request.signal?.aborted ? cancelled() : error;
    }
    try {
      return await generate(slot, request, prompt);
    } catch (error) {
      // A failed or aborted generation leaves a partial state behind: start this slot afresh.
      await slot.sequence.clearHistory().catch(() => undefined);
      throw request.signal?.aborted ? cancelled() : error;
    } finally {
      pool.release(slot);
    }
  }

  return {
    kind: 'llama.cpp (in process)',
    model: modelName,
    identity: ggufIdentity(sha256),
    promptFormat: renderer.format,
    sequences,
    threadsPerSequence,
    chat,
    renderPrompt: (messages) => model.detokenize(renderer.render(messages).tokens, true),
    async close() {
      for (const slot of slots) slot.completion.dispose({ disposeSequence: false });
      for (const context of contexts) await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}
