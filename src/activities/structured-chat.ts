/**
 * One LLM call whose reply is parsed as JSON: the JSON-schema response format where the endpoint
 * takes it, the prompt's text format otherwise. With 'auto', the first rejection of JSON-schema output
 * switches this worker to the text format for good (decided per call, so calls in flight at the first
 * rejection fall back too). Failures leave as classified ApplicationFailures, so Temporal owns retries.
 */
import { Context } from '@temporalio/activity';
import type { ReplyFormat } from '../domain/cst/prompt';
import { classifyLlmError } from '../llm/errors';
import type { ChatMessage } from '../domain/chat';
import type { ChatProvider, ChatResponse, JsonSchemaFormat } from '../llm/provider';
import { heartbeatWhile } from './heartbeat';
import { llmCallSignal } from './llm-call-signal';
import { toApplicationFailure, type UnreachablePolicy } from './llm-failure';

/** 'auto' asks for JSON-schema output and falls back to the text format if the endpoint rejects it. */
export type StructuredOutputMode = 'auto' | 'on' | 'off';

export interface StructuredChatRequest {
  /** The prompt in the given reply format. */
  messages(format: ReplyFormat): ChatMessage[];
  jsonSchema: JsonSchemaFormat;
  temperature: number;
  maxTokens: number;
  seed: number;
  /** The run the call is for (the response cache counts hits and misses per run). */
  runName: string;
  heartbeat?: unknown;
}

export type StructuredChat = (request: StructuredChatRequest) => Promise<ChatResponse>;

export function createStructuredChat(provider: ChatProvider, mode: StructuredOutputMode, unreachableAfterAttempts?: number): StructuredChat {
  let structuredSupported = mode !== 'off';
  const unreachable: UnreachablePolicy | undefined =
    unreachableAfterAttempts === undefined ? undefined : { afterAttempts: unreachableAfterAttempts, endpoint: provider.identity };

  function call(request: StructuredChatRequest, format: ReplyFormat): Promise<ChatResponse> {
    return heartbeatWhile(
      provider.chat({
        messages: request.messages(format),
        temperature: request.temperature,
        maxTokens: request.maxTokens,
        seed: request.seed,
        runName: request.runName,
        jsonSchema: format === 'json' ? request.jsonSchema : undefined,
        signal: llmCallSignal(),
      }),
      request.heartbeat,
    );
  }

  return async function structuredChat(request) {
    const format: ReplyFormat = structuredSupported ? 'json' : 'text';
    try {
      return await call(request, format);
    } catch (error) {
      if (format === 'json' && mode === 'auto' && classifyLlmError(error).type === 'LlmStructuredOutputUnsupported') {
        if (structuredSupported) Context.current().log.warn('the LLM endpoint rejected JSON-schema output; using the text format from now on');
        structuredSupported = false;
        return call(request, 'text').catch((retryError: unknown) => {
          throw toApplicationFailure(retryError, unreachable);
        });
      }
      throw toApplicationFailure(error, unreachable);
    }
  };
}
