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

/** Tokens of one or more replies. */
export interface TokenCount {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/**
 * The one token account of a run: the tokens its replies took, and `paid`, the part of them this run
 * paid for. A reply the response cache had from another run keeps its tokens (so a cached rerun's
 * rows and files are byte for byte those of the first run) but adds nothing to `paid`; what the cache
 * saved is the difference. Budgets and cost charge `paid` only.
 */
export interface TokenUsage extends TokenCount {
  paid: TokenCount;
}

export interface ChatResponse {
  text: string;
  /** The reply's tokens, wherever it came from. */
  usage: TokenCount;
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
}

const zeroCount = (): TokenCount => ({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });

export const zeroUsage = (): TokenUsage => ({ ...zeroCount(), paid: zeroCount() });

const addCount = (a: TokenCount, b: TokenCount): TokenCount => ({
  promptTokens: a.promptTokens + b.promptTokens,
  completionTokens: a.completionTokens + b.completionTokens,
  totalTokens: a.totalTokens + b.totalTokens,
});

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return { ...addCount(a, b), paid: addCount(a.paid, b.paid) };
}

/** The sum of any number of usages; absent ones (a row without tokens) count as none. */
export function sumUsage(usages: Iterable<TokenUsage | undefined>): TokenUsage {
  let total = zeroUsage();
  for (const usage of usages) if (usage) total = addUsage(total, usage);
  return total;
}

/** A reply's place in the account: paid for unless the cache had it from another run. */
export function replyUsage(response: Pick<ChatResponse, 'usage' | 'cached'>): TokenUsage {
  const { promptTokens, completionTokens, totalTokens } = response.usage;
  const count = { promptTokens, completionTokens, totalTokens };
  return { ...count, paid: response.cached === 'paid-by-another-run' ? zeroCount() : { ...count } };
}

/**
 * The reply tokens alone, as the exported files carry them: who paid is the run's account (store,
 * manifest, report), not the row's, so a cached rerun writes the first run's files byte for byte.
 */
export function replyTokens(usage: TokenUsage): TokenCount {
  return { promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, totalTokens: usage.totalTokens };
}

/** What the response cache saved: the tokens not paid for. */
export function savedTokens(usage: TokenUsage): number {
  return usage.totalTokens - usage.paid.totalTokens;
}
