/**
 * The in-process provider's speed beside plain node-llama-cpp, on SmolLM2-135M-Instruct (the model
 * scripts/setup.sh installs), at 1 and N sequences with the same threads in all.
 *
 * Both sides get the same rendered CST prompts (one per passage), the same maxTokens, temperature and
 * seeds, and the same contexts (one per sequence, threads / sequences threads each). The plain side
 * is what node-llama-cpp alone does: LlamaCompletion on each context, a queue handing prompts to the
 * free context. The provider adds the prompt rendering, token accounting, abort handling and slot
 * pool. Prompt tokens/s is prompt tokens over the time to the first reply token; completion tokens/s
 * is reply tokens over the rest; both are summed over calls and divided by the wall time of the batch
 * for the aggregate figure. The limit is the plain side; the ratio is provider / plain.
 */
import { cpus } from 'node:os';
import type { Token } from 'node-llama-cpp';
import { defaultCstExamples } from '../src/domain/cst/examples';
import { buildCstMessages } from '../src/domain/cst/prompt';
import { createLlamaProvider, type LlamaGenerationStats } from '../src/llm/llama-provider';
import { createPromptRenderer } from '../src/llm/llama-prompt';
import type { ChatRequest } from '../src/llm/provider';

export interface LlamaSpeed {
  side: 'provider' | 'plain node-llama-cpp';
  sequences: number;
  threadsPerSequence: number;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  wallSeconds: number;
  /** Prompt tokens per second of prompt evaluation, per sequence. */
  promptTokensPerSecond: number;
  /** Reply tokens per second of generation, per sequence. */
  completionTokensPerSecond: number;
  /** All tokens of the batch over its wall time: what the machine did. */
  aggregateTokensPerSecond: number;
}

export interface LlamaBenchResult {
  model: string;
  threads: number;
  maxTokens: number;
  speeds: LlamaSpeed[];
  /** provider / plain aggregate tokens/s, per sequence count. */
  ratios: Array<{ sequences: number; ratio: number }>;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

interface Timed {
  promptTokens: number;
  completionTokens: number;
  startedAt: number;
  firstTokenAt: number;
  finishedAt: number;
}

function speed(side: LlamaSpeed['side'], sequences: number, threadsPerSequence: number, timed: Timed[], wallMs: number): LlamaSpeed {
  const promptTokens = timed.reduce((sum, t) => sum + t.promptTokens, 0);
  const completionTokens = timed.reduce((sum, t) => sum + t.completionTokens, 0);
  const promptMs = timed.reduce((sum, t) => sum + (t.firstTokenAt - t.startedAt), 0);
  const completionMs = timed.reduce((sum, t) => sum + (t.finishedAt - t.firstTokenAt), 0);
  return {
    side,
    sequences,
    threadsPerSequence,
    calls: timed.length,
    promptTokens,
    completionTokens,
    wallSeconds: round(wallMs / 1000, 2),
    promptTokensPerSecond: round(promptTokens / (promptMs / 1000)),
    completionTokensPerSecond: round(completionTokens / (completionMs / 1000)),
    aggregateTokensPerSecond: round((promptTokens + completionTokens) / (wallMs / 1000)),
  };
}

async function providerSpeed(modelPath: string, threads: number, sequences: number, requests: ChatRequest[]): Promise<LlamaSpeed> {
  const stats: LlamaGenerationStats[] = [];
  const provider = await createLlamaProvider({ modelPath, threads, sequences, onGeneration: (each) => stats.push(each) });
  try {
    await provider.chat({ ...requests[0]!, maxTokens: 1 }); // warm-up: first evaluation allocates buffers
    stats.length = 0;
    const started = performance.now();
    await Promise.all(requests.map((request) => provider.chat(request)));
    return speed('provider', sequences, provider.threadsPerSequence, stats, performance.now() - started);
  } finally {
    await provider.close();
  }
}

async function plainSpeed(modelPath: string, threads: number, sequences: number, prompts: Token[][], requests: ChatRequest[]): Promise<LlamaSpeed> {
  const library = await import('node-llama-cpp');
  const threadsPerSequence = Math.max(1, Math.floor(threads / sequences));
  const llama = await library.getLlama({ gpu: false, build: 'never', logLevel: library.LlamaLogLevel.error, maxThreads: sequences * threadsPerSequence });
  const model = await llama.loadModel({ modelPath });
  const contexts = await Promise.all(
    Array.from({ length: sequences }, () => model.createContext({ contextSize: 2048, batchSize: 512, sequences: 1, threads: { ideal: threadsPerSequence, min: threadsPerSequence } })),
  );
  const sequencesOf = contexts.map((context) => context.getSequence());
  const completions = sequencesOf.map((contextSequence) => new library.LlamaCompletion({ contextSequence }));
  const generate = async (slot: number, index: number): Promise<Timed> => {
    const request = requests[index]!;
    const completion = completions[slot]!;
    await sequencesOf[slot]!.clearHistory();
    const startedAt = performance.now();
    let firstTokenAt: number | undefined;
    let completionTokens = 0;
    await completion.generateCompletion(prompts[index]!, {
      maxTokens: request.maxTokens,
      temperature: request.temperature,
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      onToken: (tokens) => {
        firstTokenAt ??= performance.now();
        completionTokens += tokens.length;
      },
    });
    const finishedAt = performance.now();
    return { promptTokens: prompts[index]!.length, completionTokens, startedAt, firstTokenAt: firstTokenAt ?? finishedAt, finishedAt };
  };
  try {
    await completions[0]!.generateCompletion(prompts[0]!, { maxTokens: 1 });
    const timed: Timed[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      completions.map(async (_, slot) => {
        while (next < prompts.length) timed.push(await generate(slot, next++));
      }),
    );
    return speed('plain node-llama-cpp', sequences, threadsPerSequence, timed, performance.now() - started);
  } finally {
    for (const completion of completions) completion.dispose({ disposeSequence: false });
    for (const context of contexts) await context.dispose();
    await model.dispose();
    await llama.dispose();
  }
}

/** passages: the CST contexts to prompt with (one call each). */
export async function runLlamaBench(modelPath: string, passages: string[], options: { maxTokens?: number; threads?: number } = {}): Promise<LlamaBenchResult> {
  const threads = options.threads ?? Math.min(4, cpus().length);
  const maxTokens = options.maxTokens ?? 128;
  const examples = defaultCstExamples('en').slice(0, 1);
  const requests: ChatRequest[] = passages.map((context, index) => ({
    messages: buildCstMessages({ context, language: 'en', format: 'json', examples }),
    temperature: 0.8,
    maxTokens,
    seed: 100 + index,
  }));
  // The prompts exactly as the provider tokenizes them (its renderer, on the model's vocabulary alone).
  const library = await import('node-llama-cpp');
  const vocabulary = await (await library.getLlama({ gpu: false, build: 'never', logLevel: library.LlamaLogLevel.error })).loadModel({ modelPath, vocabOnly: true });
  const renderer = createPromptRenderer(library, vocabulary);
  const prompts = requests.map((request) => renderer.render(request.messages).input);
  await vocabulary.dispose();

  const sequenceCounts = [...new Set([1, threads])];
  const speeds: LlamaSpeed[] = [];
  for (const sequences of sequenceCounts) {
    speeds.push(await plainSpeed(modelPath, threads, sequences, prompts, requests));
    speeds.push(await providerSpeed(modelPath, threads, sequences, requests));
  }
  const ratios = sequenceCounts.map((sequences) => {
    const [plain, provider] = ['plain node-llama-cpp', 'provider'].map((side) => speeds.find((s) => s.side === side && s.sequences === sequences)!);
    return { sequences, ratio: round(provider!.aggregateTokensPerSecond / plain!.aggregateTokensPerSecond, 3) };
  });
  return { model: modelPath.split('/').at(-1) ?? modelPath, threads, maxTokens, speeds, ratios };
}
