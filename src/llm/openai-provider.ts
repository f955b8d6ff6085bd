/**
 * ChatProvider for any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server, the
 * stand-in) through the `openai` package. Built in the worker from its own configuration; the API
 * key lives only in this object. `maxRetries: 0`: Temporal owns retries.
 */
import OpenAI from 'openai';
import { z } from 'zod';
import { LlmCallError } from '../domain/llm-errors';
import type { BatchApi } from './batch-api';
import { openAiBatchApi } from './openai-batches';
import type { ChatProvider, ChatRequest, ChatResponse } from './provider';

export interface OpenAiProviderOptions {
  baseUrl?: string;
  apiKey: string;
  model: string;
  /** Per-request HTTP timeout. @default 120000 */
  requestTimeoutMs?: number;
  /** Send `response_format: json_schema` when a request has a schema. @default true */
  structuredOutput?: boolean;
  /** Model of the embeddings API, for the scorer's embedding features. Unset: no embeddings. */
  embeddingModel?: string;
}

/** The endpoint as the response cache knows it: scheme, host, port and path; never credentials or a query. */
export function endpointIdentity(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** Only what we read of a chat completion; anything else the endpoint sends is ignored. */
const ChatCompletionSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(z.object({ message: z.object({ content: z.string().nullable().optional() }), finish_reason: z.string().nullable().optional() }))
    .min(1, 'no choices'),
  usage: z
    .object({
      prompt_tokens: z.number().int().min(0),
      completion_tokens: z.number().int().min(0),
      total_tokens: z.number().int().min(0).optional(),
      prompt_tokens_details: z.object({ cached_tokens: z.number().int().min(0).optional() }).nullable().optional(),
    })
    .nullable()
    .optional(),
});

const EmbeddingsSchema = z.object({ data: z.array(z.object({ index: z.number().int(), embedding: z.array(z.number()) })) });

/** A chat completion's reply as a ChatResponse; a body of another shape is a retryable malformed response. */
export function chatResponseOf(raw: unknown, configuredModel: string): ChatResponse {
  const parsed = ChatCompletionSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LlmCallError({
      type: 'LlmMalformedResponse',
      retryable: true,
      message: `the LLM endpoint's chat completion does not have the expected shape: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    });
  }
  const choice = parsed.data.choices[0]!;
  const usage = parsed.data.usage;
  return {
    text: choice.message.content ?? '',
    model: parsed.data.model ?? configuredModel,
    finishReason: choice.finish_reason ?? undefined,
    usage: {
      promptTokens: usage?.prompt_tokens ?? 0,
      completionTokens: usage?.completion_tokens ?? 0,
      totalTokens: usage?.total_tokens ?? (usage ? usage.prompt_tokens + usage.completion_tokens : 0),
    },
    ...(usage?.prompt_tokens_details?.cached_tokens === undefined ? {} : { cachedPromptTokens: usage.prompt_tokens_details.cached_tokens }),
  };
}

export class OpenAiProvider implements ChatProvider {
  readonly kind = 'openai-compatible';
  readonly model: string;
  readonly embeddingModel?: string;
  readonly identity: string;
  private readonly client: OpenAI;
  private readonly structuredOutput: boolean;

  constructor(options: OpenAiProviderOptions) {
    this.model = options.model;
    this.embeddingModel = options.embeddingModel;
    this.structuredOutput = options.structuredOutput ?? true;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      maxRetries: 0,
      timeout: options.requestTimeoutMs ?? 120_000,
    });
    // The client's resolved base URL: OPENAI_BASE_URL or OpenAI's own when none is configured.
    this.identity = endpointIdentity(this.client.baseURL);
  }

  async chat(request: ChatRequest): Promise<ChatResponse> {
    const raw: unknown = await this.client.chat.completions.create(this.completionBody(request), { signal: request.signal });
    return chatResponseOf(raw, this.model);
  }

  /** The chat completion body of a request: what `chat` posts, and what a Batch API line carries. */
  completionBody(request: Omit<ChatRequest, 'signal' | 'runName'>) {
    const responseFormat =
      request.jsonSchema && this.structuredOutput
        ? { type: 'json_schema' as const, json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: true } }
        : undefined;
    return {
      model: this.model,
      messages: request.messages,
      temperature: request.temperature,
      max_tokens: request.maxTokens,
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      ...(responseFormat ? { response_format: responseFormat } : {}),
    };
  }

  /** The endpoint's Batch API (/v1/files and /v1/batches), for runs in batch mode. */
  get batches(): BatchApi {
    return openAiBatchApi(this.client, (request) => this.completionBody(request), (raw) => chatResponseOf(raw, this.model));
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    const raw: unknown = await this.client.embeddings.create({ model: this.embeddingModel ?? this.model, input: texts, encoding_format: 'float' }, { signal });
    const parsed = EmbeddingsSchema.safeParse(raw);
    if (!parsed.success) {
      throw new LlmCallError({ type: 'LlmMalformedResponse', retryable: true, message: 'the embeddings response does not have the expected shape' });
    }
    return [...parsed.data.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
  }
}
