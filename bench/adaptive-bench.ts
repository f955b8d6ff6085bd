/**
 * Adaptive concurrency against an endpoint that sheds load (issue 12 part 5): the stand-in (a test
 * double) serves `capacity` calls at once and answers 429 beyond it. The worker's side is modelled in
 * process: `slots` LLM activity slots take calls from an endless queue for `seconds`, a refused call
 * goes back to it after Temporal's retry backoff (1 s, doubling), its slot freed meanwhile (a refused
 * call is retried before new ones); the provider is the real
 * OpenAiProvider, with or without src/llm/adaptive-concurrency.ts. Orchestration is left out on
 * purpose: this measures the controller, not Temporal (the throughput scenarios of run-bench.ts do).
 */
import { withAdaptiveConcurrency } from '../src/llm/adaptive-concurrency';
import { classifyLlmError } from '../src/llm/errors';
import { OpenAiProvider } from '../src/llm/openai-provider';
import type { ChatProvider } from '../src/llm/provider';
import { startStandinServer } from '../src/standin/server';

export interface AdaptiveBenchResult {
  mode: 'fixed' | 'adaptive';
  capacity: number;
  slots: number;
  latencyMs: number;
  seconds: number;
  /** Calls answered within those seconds (calls still in flight at the end are let finish, not counted). */
  answered: number;
  /** Answered calls per second over what the endpoint can answer (capacity / latency). */
  goodputShare: number;
  /** Requests the endpoint refused with 429, of all it received. */
  rejectedShare: number;
  requests: number;
  finalLimit?: number;
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface AdaptiveBenchOptions {
  capacity: number;
  slots: number;
  latencyMs: number;
  seconds: number;
}

async function runMode(mode: AdaptiveBenchResult['mode'], options: AdaptiveBenchOptions): Promise<AdaptiveBenchResult> {
  const standin = await startStandinServer({ capacity: options.capacity, overCapacity: 'reject', latencyMs: options.latencyMs });
  try {
    const base = new OpenAiProvider({ baseUrl: standin.baseUrl, apiKey: 'stand-in-needs-no-key', model: 'augcon-standin', structuredOutput: false });
    const adaptive = mode === 'adaptive' ? withAdaptiveConcurrency(base, { min: 1, max: options.slots }) : undefined;
    const provider: ChatProvider = adaptive ?? base;
    const retries: { index: number; attempt: number }[] = [];
    let next = 0;
    let answered = 0;
    let requests = 0;
    let rejected = 0;
    const started = Date.now();
    const ends = started + options.seconds * 1000;
    async function slot(): Promise<void> {
      while (Date.now() < ends) {
        const item = retries.shift() ?? { index: next++, attempt: 1 };
        try {
          requests += 1;
          await provider.chat({ messages: [{ role: 'user', content: `Write one question about passage ${item.index}.` }], temperature: 0.7, maxTokens: 64, seed: item.index });
          if (Date.now() <= ends) answered += 1;
        } catch (error) {
          if (classifyLlmError(error).type !== 'LlmRateLimited') throw error;
          rejected += 1;
          // Temporal's retry policy of the LLM activities: 1 s, doubling, the slot free meanwhile.
          void sleep(Math.min(60_000, 1000 * 2 ** (item.attempt - 1))).then(() => retries.push({ index: item.index, attempt: item.attempt + 1 }));
        }
      }
    }
    await Promise.all(Array.from({ length: options.slots }, slot));
    const seconds = (ends - started) / 1000;
    const capacityPerSecond = options.capacity / (options.latencyMs / 1000);
    return {
      mode,
      ...options,
      seconds: round(seconds, 2),
      answered,
      goodputShare: round(answered / seconds / capacityPerSecond),
      rejectedShare: round(rejected / Math.max(requests, 1)),
      requests,
      ...(adaptive ? { finalLimit: adaptive.concurrency.limit } : {}),
    };
  } finally {
    await standin.close();
  }
}

/** Fixed `slots` in flight, then adaptive with `slots` as its maximum, on the same endpoint. */
export async function runAdaptiveBench(options: AdaptiveBenchOptions = { capacity: 32, slots: 64, latencyMs: 500, seconds: 60 }): Promise<AdaptiveBenchResult[]> {
  return [await runMode('fixed', options), await runMode('adaptive', options)];
}
