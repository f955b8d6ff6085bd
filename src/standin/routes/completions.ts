/** POST /v1/chat/completions and /v1/completions: the stand-in's reply with OpenAI-shaped usage. */
import type { ServerResponse } from 'node:http';
import { approximateTokens } from '../../domain/text/tokens';
import { finishCall, type CallKind, type CallRecord } from '../call-record';
import { chatReply, type Responder } from '../chat-reply';
import { sendJson } from '../http';
import type { PromptCache } from '../prompt-cache';
import { ChatBodySchema, CompletionBodySchema } from '../request-bodies';

export const STANDIN_MODEL = 'augcon-standin';

const GARBAGE_CONTENT = "I'm sorry, I got distracted and wrote a poem about the sea instead.";

export interface CompletionOptions {
  responders: readonly Responder[];
  /** Answer requests that carry response_format with HTTP 400. */
  rejectStructuredOutput: boolean;
  /** The malformed-content fault: a well-formed reply whose content is off the task. */
  garbage: boolean;
  /** Repeated chat prefixes, reported as cached prompt tokens. */
  promptCache: PromptCache;
}

interface Reply {
  prompt: string;
  content: string;
  kind: CallKind;
  context?: string;
  cachedTokens: number;
}

/** The HTTP status and JSON body of a completion: what the route sends, and what a batch's output line holds. */
export interface CompletionReply {
  status: number;
  body: Record<string, unknown>;
}

function invalid(record: CallRecord, message: string): CompletionReply {
  finishCall(record, 'invalid-request', 400);
  return { status: 400, body: { error: { message, type: 'invalid_request_error' } } };
}

export function answerCompletion(route: '/v1/chat/completions' | '/v1/completions', body: Record<string, unknown>, record: CallRecord, response: ServerResponse, options: CompletionOptions): void {
  const reply = completionReply(route, body, record, options);
  sendJson(response, reply.status, reply.body);
}

/** Answers a completion body and fills in its call record. */
export function completionReply(route: '/v1/chat/completions' | '/v1/completions', body: Record<string, unknown>, record: CallRecord, options: CompletionOptions): CompletionReply {
  let reply: Reply;
  if (route === '/v1/chat/completions') {
    const parsed = ChatBodySchema.safeParse(body);
    if (!parsed.success) return invalid(record, parsed.error.message);
    if (options.rejectStructuredOutput && parsed.data.response_format) {
      return invalid(record, `response_format '${parsed.data.response_format.type}' is not supported by this server`);
    }
    reply = {
      prompt: parsed.data.messages.map((message) => message.content ?? '').join('\n'),
      ...chatReply(parsed.data, options.responders),
      cachedTokens: options.promptCache.cachedTokens(parsed.data.messages),
    };
  } else {
    const parsed = CompletionBodySchema.safeParse(body);
    if (!parsed.success) return invalid(record, parsed.error.message);
    const { content, kind } = chatReply({ model: parsed.data.model, messages: [{ role: 'user', content: parsed.data.prompt }], seed: parsed.data.seed }, options.responders);
    reply = { prompt: parsed.data.prompt, content, kind, cachedTokens: 0 };
  }
  const content = options.garbage ? GARBAGE_CONTENT : reply.content;
  record.kind = reply.kind;
  if (reply.context !== undefined) record.context = reply.context;
  record.promptTokens = approximateTokens(reply.prompt);
  record.completionTokens = approximateTokens(content);
  record.cachedPromptTokens = Math.min(reply.cachedTokens, record.promptTokens);
  const usage = {
    prompt_tokens: record.promptTokens,
    completion_tokens: record.completionTokens,
    total_tokens: record.promptTokens + record.completionTokens,
    prompt_tokens_details: { cached_tokens: record.cachedPromptTokens },
  };
  finishCall(record, options.garbage ? 'fault:malformed-content' : 'ok', 200);
  const id = `standin-${record.index}`;
  const created = Math.floor(record.startedAt / 1000);
  if (route === '/v1/chat/completions') {
    return {
      status: 200,
      body: {
        id: `chatcmpl-${id}`,
        object: 'chat.completion',
        created,
        model: STANDIN_MODEL,
        choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
        usage,
      },
    };
  }
  return { status: 200, body: { id: `cmpl-${id}`, object: 'text_completion', created, model: STANDIN_MODEL, choices: [{ index: 0, text: content, finish_reason: 'stop', logprobs: null }], usage } };
}
