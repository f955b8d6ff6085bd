/**
 * The one interface every LLM backend implements: an OpenAI-compatible HTTP endpoint
 * (openai-provider.ts), a GGUF model in process (llama-provider.ts). Activities talk to
 * a ChatProvider and never to a concrete client, so tests can point them at the stand-in.
 */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

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

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface ChatResponse {
  text: string;
  /** The reply's tokens (a cached reply keeps them; the cache counts what it saved, caching-provider.ts). */
  usage: TokenUsage;
  /** The model name the backend reports (or the configured one). */
  model: string;
  finishReason?: string;
  /** True when the reply came from the response cache (no call was made). */
  cached?: boolean;
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
}

export const zeroUsage = (): TokenUsage => ({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}
