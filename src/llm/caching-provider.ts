/**
 * The persistent LLM response cache: a ChatProvider that answers a request it has seen before (same
 * provider kind and identity, model, messages, temperature, token limit, seed and response format)
 * from the store, and stores every new reply. The key names the backend, not just the model name:
 * its identity is the endpoint's base URL or the GGUF file's sha256, so two endpoints serving a model
 * of the same name, or two GGUF files with the same name, never share replies. Every sample is
 * seeded, so a rerun with identical settings makes no LLM call at all, and a retried activity never
 * pays for a reply it already got. The cache lives in the run store (SQLite, or PostgreSQL shared by
 * every worker) and is shared by all runs; hits and misses are counted per run for its manifest.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json';
import type { RunStore } from '../store/run-store';
import type { ChatProvider, ChatRequest, ChatResponse } from './provider';

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
    kind: provider.kind,
    model: provider.model,
    ...(provider.identity === undefined ? {} : { identity: provider.identity }),
    ...(provider.embeddingModel === undefined ? {} : { embeddingModel: provider.embeddingModel }),
    ...(provider.embed ? { embed: provider.embed.bind(provider) } : {}),
    ...(provider.close ? { close: provider.close.bind(provider) } : {}),
    async chat(request: ChatRequest): Promise<ChatResponse> {
      const key = responseCacheKey(provider, request);
      const cached = await store.getCachedResponse(key);
      if (request.runName !== undefined) await store.countCacheUse(request.runName, cached !== undefined);
      if (cached) return { ...cached, cached: true };
      const response = await provider.chat(request);
      await store.putCachedResponse(key, {
        text: response.text,
        model: response.model,
        usage: response.usage,
        ...(response.finishReason === undefined ? {} : { finishReason: response.finishReason }),
      });
      return response;
    },
  };
}
