/**
 * A ChatProvider that records every call in the worker's LLM metrics (src/observability/llm-metrics.ts):
 * calls by outcome and error class, tokens, duration, calls in flight, response-cache hits and misses.
 * It wraps the provider the activities use, OUTSIDE the response cache (caching-provider.ts), so a reply
 * served from the cache (`response.cached` set) is counted as a hit and costs no tokens.
 */
import type { LlmMetrics } from '../observability/llm-metrics';
import { classifyLlmError } from './errors';
import { isDeferredToBatch } from '../domain/llm-errors';
import { passedThrough, type ChatProvider, type ChatRequest, type ChatResponse } from './provider';

export interface InstrumentOptions {
  /** Whether the wrapped provider has the response cache: only then are misses counted. */
  cacheEnabled: boolean;
}

/** A backend that reports no usage (or nonsense) counts 0, never breaks the call. */
function tokenCount(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

export function withMetrics(provider: ChatProvider, metrics: LlmMetrics, options: InstrumentOptions): ChatProvider {
  const embed = provider.embed?.bind(provider);
  return {
    // Its own embed (below) replaces the one passed through, to count the calls.
    ...passedThrough(provider),
    ...(embed
      ? {
          async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
            try {
              const vectors = await embed(texts, signal);
              metrics.embeddingCalls.inc({ outcome: 'ok' });
              return vectors;
            } catch (error) {
              metrics.embeddingCalls.inc({ outcome: 'error', error_class: classifyLlmError(error).type });
              throw error;
            }
          },
        }
      : {}),
    async chat(request: ChatRequest): Promise<ChatResponse> {
      metrics.inFlight.inc();
      const stopTimer = metrics.callSeconds.startTimer();
      try {
        const response = await provider.chat(request);
        if (response.cached !== undefined) {
          metrics.calls.inc({ outcome: 'cache_hit' });
          metrics.cacheHits.inc();
          stopTimer({ outcome: 'cache_hit' });
          return response;
        }
        metrics.calls.inc({ outcome: 'ok' });
        if (options.cacheEnabled) metrics.cacheMisses.inc();
        metrics.tokens.inc({ kind: 'prompt' }, tokenCount(response.usage.promptTokens));
        metrics.tokens.inc({ kind: 'completion' }, tokenCount(response.usage.completionTokens));
        if (response.cachedPromptTokens) metrics.tokens.inc({ kind: 'cached_prompt' }, response.cachedPromptTokens);
        stopTimer({ outcome: 'ok' });
        return response;
      } catch (error) {
        // Batch mode: a call queued for the run's next batch was not made; its reply arrives with the batch.
        if (isDeferredToBatch(error)) {
          metrics.calls.inc({ outcome: 'deferred' });
          stopTimer({ outcome: 'deferred' });
          throw error;
        }
        metrics.calls.inc({ outcome: 'error', error_class: classifyLlmError(error).type });
        if (options.cacheEnabled) metrics.cacheMisses.inc();
        stopTimer({ outcome: 'error' });
        throw error;
      } finally {
        metrics.inFlight.dec();
      }
    },
  };
}
