/**
 * The worker's LLM metrics (prom-client), recorded by src/llm/instrumented-provider.ts. Every label
 * value comes from a closed set (outcome, error class, token kind, operation): no run name, no model
 * reply, nothing a user or an endpoint controls, so the number of series stays bounded and no secret can
 * end up in a label.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LlmErrorType } from '../domain/llm-errors';

export type LlmCallOutcome = 'ok' | 'error' | 'cache_hit';

/** Every error class classifyLlmError can return: the only values of the error_class label. */
export const LLM_ERROR_CLASSES: readonly LlmErrorType[] = [
  'LlmRateLimited',
  'LlmServerError',
  'LlmTimeout',
  'LlmConnectionError',
  'LlmMalformedResponse',
  'LlmBadRequest',
  'LlmAuthError',
  'LlmNotFound',
  'LlmUnprocessable',
  'LlmStructuredOutputUnsupported',
  'LlmCancelled',
];

export interface LlmMetrics {
  registry: Registry;
  /** Chat calls by outcome; errors also by class. */
  calls: Counter<'outcome' | 'error_class'>;
  /** Tokens the endpoint reported for calls it answered (cache hits cost nothing and are not counted). */
  tokens: Counter<'kind'>;
  /** Duration of chat calls (a cache hit's is the cache lookup). */
  callSeconds: Histogram<'outcome'>;
  /** Chat calls running now. */
  inFlight: Gauge;
  /** The adaptive limit of calls in flight (src/llm/adaptive-concurrency.ts), while it is on. */
  concurrencyLimit: Gauge;
  /** Times an overload (429, 503, a timeout) lowered that limit. */
  concurrencyDecreases: Counter<'cause'>;
  cacheHits: Counter;
  /** Calls the response cache could not answer (counted only while the cache is on). */
  cacheMisses: Counter;
  /** Embeddings API calls (the scorer's embedding features) by outcome and error class. */
  embeddingCalls: Counter<'outcome' | 'error_class'>;
}

/** Seconds: a local model answers in tens of milliseconds, a long answer from a busy endpoint in minutes. */
export const LLM_CALL_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];

export interface LlmMetricsOptions {
  /** @default a new Registry */
  registry?: Registry;
  /** Adds Node.js process metrics (CPU, memory, event loop lag) as augcon_process_* / augcon_nodejs_*. @default false */
  processMetrics?: boolean;
}

export function createLlmMetrics(options: LlmMetricsOptions = {}): LlmMetrics {
  const registry = options.registry ?? new Registry();
  const registers = [registry];
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'augcon_' });
  const metrics: LlmMetrics = {
    registry,
    calls: new Counter({ name: 'augcon_llm_calls_total', help: 'LLM chat calls by outcome (ok, error, cache_hit, deferred to a batch); errors by class', labelNames: ['outcome', 'error_class'], registers }),
    tokens: new Counter({ name: 'augcon_llm_tokens_total', help: 'Tokens of answered LLM chat calls by kind (prompt, completion, cached_prompt: the prompt tokens the provider reported served from its prompt cache); response-cache hits not counted', labelNames: ['kind'], registers }),
    callSeconds: new Histogram({ name: 'augcon_llm_call_seconds', help: 'Duration of LLM chat calls by outcome', labelNames: ['outcome'], buckets: LLM_CALL_BUCKETS, registers }),
    inFlight: new Gauge({ name: 'augcon_llm_in_flight', help: 'LLM chat calls running now', registers }),
    concurrencyLimit: new Gauge({ name: 'augcon_llm_concurrency_limit', help: 'LLM chat calls this worker lets run at once (adaptive concurrency)', registers }),
    concurrencyDecreases: new Counter({ name: 'augcon_llm_concurrency_decreases_total', help: 'Times an overload lowered the adaptive limit, by error class', labelNames: ['cause'], registers }),
    cacheHits: new Counter({ name: 'augcon_llm_cache_hits_total', help: 'LLM chat calls answered by the response cache', registers }),
    cacheMisses: new Counter({ name: 'augcon_llm_cache_misses_total', help: 'LLM chat calls the response cache could not answer (cache on)', registers }),
    embeddingCalls: new Counter({ name: 'augcon_llm_embedding_calls_total', help: 'Embeddings API calls by outcome; errors by class', labelNames: ['outcome', 'error_class'], registers }),
  };
  // The usual series exist from the start (at 0), so rates and dashboards work before the first call.
  for (const outcome of ['ok', 'cache_hit'] as const) metrics.calls.inc({ outcome }, 0);
  for (const kind of ['prompt', 'completion']) metrics.tokens.inc({ kind }, 0);
  return metrics;
}
