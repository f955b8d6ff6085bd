/**
 * The persistent LLM response cache: a ChatProvider that answers a request it has seen before (same
 * provider kind and identity, model, messages, temperature, token limit, seed and response format)
 * from the store, and stores every new reply. The key names the backend, not just the model name:
 * its identity is the endpoint's base URL or the GGUF file's sha256, so two endpoints serving a model
 * of the same name, or two GGUF files with the same name, never share replies. Every sample is
 * seeded, so a rerun with identical settings makes no LLM call at all, and a retried activity never
 * pays for a reply it already got. The cache lives in the run store (SQLite, or PostgreSQL shared by
 * every worker) and is shared by all runs; hits and misses are counted per run for its manifest, with
 * the prompt tokens of the calls made and those the provider said it served from its prompt cache.
 *
 * A reply keeps its usage wherever it comes from (the rows and files of a cached rerun are byte for
 * byte those of the first run). A hit says who paid for the reply (provider.ts TokenUsage): another run
 * (this run saved its tokens, they are not charged), or this run itself (a retried activity asking
 * again after a kill or a failed store write: the run paid once, and its row holds the reply once).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json';
import { isDeferredToBatch } from '../domain/llm-errors';
import type { RunStore } from '../store/run-store';
import { passedThrough, type ChatProvider, type ChatRequest, type ChatResponse } from './provider';

type CacheStore = Pick<RunStore, 'getCachedResponse' | 'putCachedResponse' | 'countCacheUse'>;

/** The cache key: everything that decides the reply, nothing that does not (the run, the signal). */
export function responseCacheKey(provider: Pick<ChatProvider, 'kind' | 'model' | 'identity'>, request: ChatRequest): string {
  const decisive = {
    provider: provider.kind,
    identity: provider.identity ?? null,
    model: provider.model,
    messages: request.messages,
    temperature: request.temperature,
    maxTokens: request.maxTokens,
    seed: request.seed ?? null,
    jsonSchema: request.jsonSchema ?? null,
  };
  return createHash('sha256').update(canonicalJson(decisive)).digest('hex');
}

export function withResponseCache(provider: ChatProvider, store: CacheStore): ChatProvider {
  return {
    ...passedThrough(provider),
    async chat(request: ChatRequest): Promise<ChatResponse> {
      const key = responseCacheKey(provider, request);
      const cached = await store.getCachedResponse(key);
      const { runName } = request;
      if (cached) {
        const paidByThisRun = runName !== undefined && cached.paidByRun === runName;
        if (runName !== undefined) await store.countCacheUse(runName, { hit: true });
        return {
          text: cached.text,
          model: cached.model,
          usage: cached.usage,
          ...(cached.finishReason === undefined ? {} : { finishReason: cached.finishReason }),
          cached: paidByThisRun ? 'paid-by-this-run' : 'paid-by-another-run',
        };
      }
      let response: ChatResponse;
      try {
        response = await provider.chat(request);
      } catch (error) {
        // A failed call was made too: a miss, with no tokens. A call deferred to a batch was not
        // made: the batch's reply is counted when it is stored (batch-activities.ts).
        if (runName !== undefined && !isDeferredToBatch(error)) await store.countCacheUse(runName, { hit: false });
        throw error;
      }
      if (runName !== undefined) {
        await store.countCacheUse(runName, { hit: false, promptTokens: response.usage.promptTokens, cachedPromptTokens: response.cachedPromptTokens ?? 0 });
      }
      await store.putCachedResponse(key, {
        text: response.text,
        model: response.model,
        usage: response.usage,
        ...(response.finishReason === undefined ? {} : { finishReason: response.finishReason }),
        ...(runName === undefined ? {} : { paidByRun: runName }),
      });
      return response;
    },
  };
}
