/**
 * The one interface every LLM backend implements: an OpenAI-compatible HTTP endpoint
 * (openai-provider.ts), a GGUF model in process (llama-provider.ts). Activities talk to
 * a ChatProvider and never to a concrete client, so tests can point them at the stand-in. Messages
 * and token counts are domain types (src/domain/chat.ts, src/domain/tokens.ts).
 */
import type { ChatMessage } from '../domain/chat';
import type { BatchApi } from './batch-api';
import { tokenCount, zeroCount, type TokenCount, type TokenUsage } from '../domain/tokens';

export interface JsonSchemaFormat {
  /** Short identifier sent as `json_schema.name`. */
  name: string;
  /** A JSON Schema object (draft 2020-12 subset accepted by OpenAI structured outputs). */
  schema: Record<string, unknown>;
}

export interface ChatRequest {
  messages: ChatMessage[];
  temperature: number;
  /** Upper bound on generated tokens. */
  maxTokens: number;
  /** Sampling seed; the same seed and messages should give the same answer where the backend supports it. */
  seed?: number;
  /** When set, the backend is asked to reply with JSON matching this schema (structured output or grammar). */
  jsonSchema?: JsonSchemaFormat;
  /** Aborts the request: wired to the activity's cancellation signal. */
  signal?: AbortSignal;
  /** The run the call is made for: the response cache counts its hits and misses per run. Never sent. */
  runName?: string;
}

export interface ChatResponse {
  text: string;
  /** The reply's tokens, wherever it came from. */
  usage: TokenCount;
  /**
   * Of usage.promptTokens, those the provider served from its prompt cache (OpenAI-compatible
   * usage.prompt_tokens_details.cached_tokens), when it says. Providers bill them at a discount.
   */
  cachedPromptTokens?: number;
  /** The model name the backend reports (or the configured one). */
  model: string;
  finishReason?: string;
  /**
   * Set when the reply came from the response cache (no call was made): whether this run paid for it
   * earlier (a retried activity asking again) or another run did (this run saved its tokens).
   */
  cached?: 'paid-by-this-run' | 'paid-by-another-run';
}

export interface ChatProvider {
  /** e.g. "openai-compatible" or "llama.cpp (in process)". */
  readonly kind: string;
  /** The model name requests are sent for. */
  readonly model: string;
  /**
   * What else decides the replies: the endpoint's base URL (openai-compatible) or the GGUF file's
   * sha256 (in process). Part of the response cache key, so it never holds a secret.
   */
  readonly identity?: string;
  chat(request: ChatRequest): Promise<ChatResponse>;
  /** The embedding model, when one is configured: the scorer then uses embedding features. */
  readonly embeddingModel?: string;
  /** Embeddings for the scorer's feature path; absent when the backend has none. */
  embed?(texts: string[], signal?: AbortSignal): Promise<number[][]>;
  close?(): Promise<void>;
  /** The endpoint's Batch API, where it has one (OpenAI-compatible endpoints): runs in batch mode need it. */
  readonly batches?: BatchApi;
}

/**
 * What a provider wrapper (response cache, metrics, adaptive concurrency) passes through unchanged:
 * the names, the identity, embeddings, close and the Batch API. The wrapper adds its own `chat` (and `embed`, to
 * wrap it too).
 */
export function passedThrough(provider: ChatProvider): Omit<ChatProvider, 'chat'> {
  return {
    kind: provider.kind,
    model: provider.model,
    ...(provider.identity === undefined ? {} : { identity: provider.identity }),
    ...(provider.embeddingModel === undefined ? {} : { embeddingModel: provider.embeddingModel }),
    ...(provider.embed ? { embed: provider.embed.bind(provider) } : {}),
    ...(provider.close ? { close: provider.close.bind(provider) } : {}),
    ...(provider.batches ? { batches: provider.batches } : {}),
  };
}

/** A reply's place in the account: paid for unless the cache had it from another run. */
export function replyUsage(response: Pick<ChatResponse, 'usage' | 'cached'>): TokenUsage {
  const count = tokenCount(response.usage);
  return { ...count, paid: response.cached === 'paid-by-another-run' ? zeroCount() : tokenCount(count) };
}
