/**
 * A ChatProvider that keeps at most an adaptive number of calls in flight (src/domain/aimd.ts): a call
 * beyond the limit waits its turn (first come, first served) inside its activity, which heartbeats
 * meanwhile (structured-chat.ts); an answered call raises the limit a little, an overload (429, 503,
 * a timeout) lowers it. It wraps the real backend, INSIDE the response cache, so a cached reply
 * never waits for a slot. Its upper bound is the worker's llm.maxInFlight; the worker has twice as many
 * LLM activity slots (worker-config.ts llmActivitySlots), so store I/O and Temporal's hand-over between
 * activities overlap other calls instead of leaving the endpoint idle. With adaptive concurrency off
 * the limit is fixed at llm.maxInFlight.
 */
import { AimdLimit, isOverload, type AimdSettings } from '../domain/aimd';
import { classifyLlmError } from './errors';
import { passedThrough, type ChatProvider, type ChatRequest, type ChatResponse } from './provider';

export interface ConcurrencyChange {
  limit: number;
  /** The failure that lowered it; absent when answered calls raised it. */
  cause?: string;
}

export interface AdaptiveConcurrency {
  readonly limit: number;
  readonly inFlight: number;
  /** Calls waiting for a slot. */
  readonly waiting: number;
}

export interface AdaptiveProvider extends ChatProvider {
  readonly concurrency: AdaptiveConcurrency;
}

/** `onChange` hears every change of the (whole) limit. */
export function withAdaptiveConcurrency(provider: ChatProvider, settings: AimdSettings, onChange?: (change: ConcurrencyChange) => void): AdaptiveProvider {
  const aimd = new AimdLimit(settings);
  let inFlight = 0;
  const queue: (() => void)[] = [];

  const admitWaiting = () => {
    while (queue.length > 0 && inFlight < aimd.limit) {
      inFlight += 1;
      queue.shift()!();
    }
  };

  function acquire(signal: AbortSignal | undefined): Promise<void> {
    if (queue.length === 0 && inFlight < aimd.limit) {
      inFlight += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const admit = () => {
        signal?.removeEventListener('abort', abandon);
        resolve();
      };
      const abandon = () => {
        const index = queue.indexOf(admit);
        if (index >= 0) queue.splice(index, 1);
        reject(signal?.reason instanceof Error ? signal.reason : Object.assign(new Error('the LLM call was cancelled'), { name: 'AbortError' }));
      };
      if (signal?.aborted) return abandon();
      signal?.addEventListener('abort', abandon, { once: true });
      queue.push(admit);
    });
  }

  const concurrency: AdaptiveConcurrency = {
    get limit() {
      return aimd.limit;
    },
    get inFlight() {
      return inFlight;
    },
    get waiting() {
      return queue.length;
    },
  };

  return {
    ...passedThrough(provider),
    concurrency,
    async chat(request: ChatRequest): Promise<ChatResponse> {
      await acquire(request.signal);
      const round = aimd.currentRound;
      try {
        const response = await provider.chat(request);
        const before = aimd.limit;
        aimd.onSuccess();
        if (aimd.limit !== before) onChange?.({ limit: aimd.limit });
        return response;
      } catch (error) {
        const failure = classifyLlmError(error);
        if (isOverload(failure) && aimd.onOverload(round)) onChange?.({ limit: aimd.limit, cause: failure.type });
        throw error;
      } finally {
        inFlight -= 1;
        admitWaiting();
      }
    },
  };
}
