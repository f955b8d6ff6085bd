/**
 * ChatProvider for a GGUF model in process through node-llama-cpp (CPU prebuilt binaries from npm;
 * never built from source or downloaded at run time). JSON-schema requests are constrained by a
 * grammar, so the reply is valid JSON for the schema. Calls are served one context sequence each,
 * `maxConcurrent` at once; the rest wait their turn.
 *
 * node-llama-cpp is an ES module; this CommonJS build loads it with a real dynamic import().
 */
import type * as NodeLlamaCppModule from 'node-llama-cpp';
import type { ChatMessage, ChatProvider, ChatRequest, ChatResponse } from './provider';

export interface LlamaProviderOptions {
  modelPath: string;
  /** CPU threads; set it explicitly (the library's default oversubscribes small machines). */
  threads: number;
  /** @default 2048 */
  contextSize?: number;
  /** Generations running at once (context sequences). @default 1 */
  maxConcurrent?: number;
}

type NodeLlamaCpp = typeof NodeLlamaCppModule;

// Kept as a real import() in the CommonJS output (TypeScript's nodenext mode does not rewrite it).
const loadNodeLlamaCpp = (): Promise<NodeLlamaCpp> => import('node-llama-cpp');

/** A plain transcript for models without a chat template (such as the tiny test model). */
export function transcript(messages: readonly ChatMessage[]): string {
  const label = { system: 'System', user: 'User', assistant: 'Assistant' } as const;
  return `${messages.map((message) => `${label[message.role]}: ${message.content}`).join('\n\n')}\n\nAssistant:`;
}

class Semaphore {
  private waiting: (() => void)[] = [];
  constructor(private available: number) {}
  async acquire(): Promise<void> {
    if (this.available > 0) {
      this.available -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.available += 1;
  }
}

export async function createLlamaProvider(options: LlamaProviderOptions): Promise<ChatProvider> {
  const library = await loadNodeLlamaCpp();
  const llama = await library.getLlama({ gpu: false, build: 'never', logLevel: library.LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: options.modelPath });
  const maxConcurrent = options.maxConcurrent ?? 1;
  const context = await model.createContext({ contextSize: options.contextSize ?? 2048, threads: options.threads, sequences: maxConcurrent });
  const slots = new Semaphore(maxConcurrent);
  // One long-lived sequence per slot, cleared between calls (sequences are not returned to the
  // context synchronously when disposed, so creating one per call can run out).
  const freeSequences = Array.from({ length: maxConcurrent }, () => context.getSequence());
  const modelName = options.modelPath.split('/').at(-1) ?? options.modelPath;

  async function chat(request: ChatRequest): Promise<ChatResponse> {
    request.signal?.throwIfAborted();
    await slots.acquire();
    const sequence = freeSequences.pop()!;
    const completion = new library.LlamaCompletion({ contextSequence: sequence, autoDisposeSequence: false });
    try {
      const prompt = transcript(request.messages);
      const grammar = request.jsonSchema
        ? await llama.createGrammarForJsonSchema(request.jsonSchema.schema as Parameters<typeof llama.createGrammarForJsonSchema>[0])
        : undefined;
      const text = await completion.generateCompletion(prompt, {
        maxTokens: request.maxTokens,
        temperature: request.temperature,
        ...(request.seed === undefined ? {} : { seed: request.seed }),
        ...(grammar ? { grammar } : {}),
        signal: request.signal,
        stopOnAbortSignal: false,
      });
      const promptTokens = model.tokenize(prompt).length;
      const completionTokens = model.tokenize(text).length;
      return { text, model: modelName, usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens } };
    } catch (error) {
      if (request.signal?.aborted) {
        const aborted = new Error('the in-process generation was cancelled');
        aborted.name = 'AbortError';
        throw aborted;
      }
      throw error;
    } finally {
      completion.dispose({ disposeSequence: false });
      await sequence.clearHistory();
      freeSequences.push(sequence);
      slots.release();
    }
  }

  return {
    kind: 'llama.cpp (in process)',
    model: modelName,
    chat,
    async close() {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}
