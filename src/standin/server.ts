/**
 * The augcon stand-in LLM server: a deterministic, OpenAI-compatible HTTP server on 127.0.0.1 for
 * tests, benchmarks and the offline demo. It is a test double, NOT a model: it answers CST prompts by
 * splitting the context at sentence boundaries and filling question templates, answer prompts with
 * the context sentence closest to the question, judge prompts by word overlap with the reference,
 * and everything else with the first sentence of the prompt. It is never a default of the worker.
 *
 * Routes: POST /v1/chat/completions, /v1/completions, /v1/embeddings; GET /v1/models.
 * Test control: setFaults / setLatency / calls() in process, or /_standin/{faults,latency,calls,reset}.
 * Faults are decided by hash(server seed, request body, how often that body was seen), so runs are
 * reproducible and a retried request is not faulted forever.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import { parseJson } from '../domain/cst/parse';
import type { ChatMessage } from '../llm/provider';
import { describeCritiquePrompt } from '../domain/answer/critique';
import { describeJudgePrompt } from '../domain/answer/judge';
import { describeQualityJudgePrompt } from '../domain/judge/quality-judge';
import { describeAnswerPrompt } from '../domain/answer/prompt';
import { answerStandinReply, standinAnswerKind } from './answer-responder';
import { answerCstPrompt, formatCstReply } from './cst-responder';
import { embedText } from './embeddings';
import { approximateTokens } from '../domain/text/tokens';

export const STANDIN_MODEL = 'augcon-standin';

export type FaultKind = 'status' | 'latency' | 'reset' | 'hang' | 'malformed-body' | 'truncated-body' | 'malformed-content';

export const FaultRuleSchema = z.object({
  kind: z.enum(['status', 'latency', 'reset', 'hang', 'malformed-body', 'truncated-body', 'malformed-content']),
  /** Share of matching calls faulted, 0..1. @default 1 */
  rate: z.number().min(0).max(1).default(1),
  /** For kind "status". @default 500 */
  status: z.number().int().min(400).max(599).default(500),
  /** Sent as retry-after with kind "status". */
  retryAfterSeconds: z.number().min(0).optional(),
  /** For kind "latency". @default 1000 */
  delayMs: z.number().int().min(0).default(1000),
  /** Only these routes, e.g. ["/v1/chat/completions"]. */
  routes: z.array(z.string()).optional(),
  /** Fault only the first N matching calls (then rate is ignored). */
  firstN: z.number().int().min(0).optional(),
});
export type FaultRule = z.input<typeof FaultRuleSchema>;
type Rule = z.output<typeof FaultRuleSchema>;

export type CallKind = 'cst' | 'cst-weak' | 'answer' | 'judge' | 'critique' | 'embeddings' | 'other';

export interface CallRecord {
  index: number;
  route: string;
  bodyHash: string;
  seed?: number;
  model: string;
  kind: CallKind;
  /** The node context of a CST, answer or critique prompt (what the call was about), when it has one. */
  context?: string;
  startedAt: number;
  endedAt?: number;
  outcome: 'pending' | 'ok' | 'client-closed' | `fault:${FaultKind}` | 'invalid-request';
  status: number;
  promptTokens: number;
  completionTokens: number;
}

export interface ResponderRequest {
  messages: ChatMessage[];
  seed?: number;
  temperature?: number;
  jsonSchema?: unknown;
}

/** Later stages plug in answers for their prompt kinds (answers, judgements). */
export type Responder = (request: ResponderRequest) => { content: string; kind?: CallKind } | undefined;

export interface StandinOptions {
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** Added to every call before it is answered. @default 0 */
  latencyMs?: number;
  /** Seeds fault decisions. @default 1 */
  seed?: number;
  faults?: FaultRule[];
  /** Answer requests that carry response_format with HTTP 400, as endpoints without structured output do. */
  rejectStructuredOutput?: boolean;
}

export interface StandinServer {
  /** e.g. http://127.0.0.1:41623/v1: what the OpenAI client's baseURL takes. */
  baseUrl: string;
  port: number;
  calls(): CallRecord[];
  resetCalls(): void;
  setFaults(rules: FaultRule[]): void;
  setLatency(ms: number): void;
  addResponder(responder: Responder): void;
  close(): Promise<void>;
}

const ContentSchema = z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() })).transform((parts) => parts.map((part) => part.text ?? '').join(''))]);
const ChatBodySchema = z.object({
  model: z.string().min(1),
  messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant', 'developer', 'tool']), content: ContentSchema.nullable() })).min(1),
  seed: z.number().int().optional(),
  temperature: z.number().optional(),
  max_tokens: z.number().int().optional(),
  response_format: z.object({ type: z.string(), json_schema: z.unknown().optional() }).optional(),
});
const CompletionBodySchema = z.object({ model: z.string().min(1), prompt: z.string(), seed: z.number().int().optional(), temperature: z.number().optional() });
const EmbeddingBodySchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string())]),
  /** The openai package asks for base64 (little-endian float32) by default. */
  encoding_format: z.enum(['float', 'base64']).optional(),
});

const encodeEmbedding = (vector: number[], format: 'float' | 'base64' | undefined) =>
  format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;

const GARBAGE_CONTENT = "I'm sorry, I got distracted and wrote a poem about the sea instead.";

function firstSentence(text: string): string {
  const match = /^[\s\S]*?[.!?。！？](\s|$)/u.exec(text.trim());
  return (match?.[0] ?? text).trim().slice(0, 400);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startStandinServer(options: StandinOptions = {}): Promise<StandinServer> {
  const seed = options.seed ?? 1;
  let latencyMs = options.latencyMs ?? 0;
  let rules: Rule[] = (options.faults ?? []).map((rule) => FaultRuleSchema.parse(rule));
  let log: CallRecord[] = [];
  const seenBodies = new Map<string, number>();
  const matchedByRule = new Map<number, number>();
  const responders: Responder[] = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();

  /** The faults for this call: latency rules add up, the first other matching rule wins. */
  function decideFaults(route: string, bodyHash: string): { delayMs: number; fault?: Rule } {
    const occurrence = seenBodies.get(bodyHash) ?? 0;
    seenBodies.set(bodyHash, occurrence + 1);
    let delayMs = 0;
    let fault: Rule | undefined;
    rules.forEach((rule, ruleIndex) => {
      if (rule.routes && !rule.routes.includes(route)) return;
      let hit: boolean;
      if (rule.firstN !== undefined) {
        const matched = matchedByRule.get(ruleIndex) ?? 0;
        matchedByRule.set(ruleIndex, matched + 1);
        hit = matched < rule.firstN;
      } else {
        hit = createHash('sha256').update(`${seed}:${ruleIndex}:${bodyHash}:${occurrence}`).digest().readUInt32BE(0) / 0x100000000 < rule.rate;
      }
      if (!hit) return;
      if (rule.kind === 'latency') delayMs += rule.delayMs;
      else fault ??= rule;
    });
    return { delayMs, fault };
  }

  function chatContent(body: z.infer<typeof ChatBodySchema>): { content: string; kind: CallKind; context?: string } {
    const messages: ChatMessage[] = body.messages
      .filter((message) => message.role === 'system' || message.role === 'user' || message.role === 'assistant')
      .map((message) => ({ role: message.role as ChatMessage['role'], content: message.content ?? '' }));
    const requestSeed = body.seed ?? 0;
    for (const responder of responders) {
      const answer = responder({ messages, seed: body.seed, temperature: body.temperature, jsonSchema: body.response_format?.json_schema });
      if (answer) return { content: answer.content, kind: answer.kind ?? 'other' };
    }
    // Answer, judge and critique prompts first: their user turns carry <context> tags a CST prompt has too.
    const answerKind = standinAnswerKind(messages);
    const answerReply = answerKind && answerStandinReply(messages, requestSeed);
    if (answerKind && answerReply !== undefined) {
      const context = (describeAnswerPrompt(messages) ?? describeCritiquePrompt(messages) ?? describeJudgePrompt(messages) ?? describeQualityJudgePrompt(messages))?.context;
      return { content: answerReply, kind: answerKind, ...(context === undefined ? {} : { context }) };
    }
    const cst = answerCstPrompt(messages, requestSeed);
    if (cst) {
      const wantsJson = body.response_format?.type === 'json_schema' || body.response_format?.type === 'json_object' || cst.description.format === 'json';
      const weak = cst.description.instruction === 'terse' || cst.description.exampleCount <= 1;
      return { content: formatCstReply(cst, wantsJson ? 'json' : 'text'), kind: weak ? 'cst-weak' : 'cst', context: cst.description.context };
    }
    const lastUser = [...messages].reverse().find((message) => message.role === 'user')?.content ?? '';
    return { content: firstSentence(lastUser), kind: 'other' };
  }

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: { message: `stand-in failure: ${(error as Error).message}`, type: 'server_error' } });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(value);
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    response.end(text);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const route = (request.url ?? '/').split('?')[0]!;
    const bodyText = request.method === 'POST' ? await readBody(request) : '';

    // Test control routes.
    if (route.startsWith('/_standin/')) {
      const json = parseJson(bodyText || 'null');
      if (route === '/_standin/calls') return sendJson(response, 200, log);
      if (route === '/_standin/reset') {
        log = [];
        seenBodies.clear();
        matchedByRule.clear();
        return sendJson(response, 200, { ok: true });
      }
      if (route === '/_standin/faults' && json.ok) {
        const parsed = z.array(FaultRuleSchema).safeParse(json.value);
        if (!parsed.success) return sendJson(response, 400, { error: { message: parsed.error.message } });
        rules = parsed.data;
        matchedByRule.clear();
        return sendJson(response, 200, { ok: true, rules });
      }
      if (route === '/_standin/latency' && json.ok) {
        latencyMs = z.object({ ms: z.number().int().min(0) }).parse(json.value).ms;
        return sendJson(response, 200, { ok: true, latencyMs });
      }
      return sendJson(response, 404, { error: { message: `unknown control route ${route}` } });
    }
    if (request.method === 'GET' && route === '/v1/models') {
      return sendJson(response, 200, { object: 'list', data: [{ id: STANDIN_MODEL, object: 'model', created: 0, owned_by: 'augcon stand-in (not a model)' }] });
    }

    const bodyHash = createHash('sha256').update(bodyText).digest('hex');
    const json = parseJson(bodyText);
    const record: CallRecord = {
      index: log.length,
      route,
      bodyHash,
      model: '',
      kind: route === '/v1/embeddings' ? 'embeddings' : 'other',
      startedAt: Date.now(),
      outcome: 'pending',
      status: 0,
      promptTokens: 0,
      completionTokens: 0,
    };
    log.push(record);
    let closed = false;
    response.on('close', () => {
      closed = !response.writableFinished;
      if (closed && record.outcome === 'pending') {
        record.outcome = 'client-closed';
        record.endedAt = Date.now();
      }
    });
    const finish = (outcome: CallRecord['outcome'], status: number) => {
      if (record.outcome !== 'pending') return;
      record.outcome = outcome;
      record.status = status;
      record.endedAt = Date.now();
    };
    if (!json.ok || typeof json.value !== 'object' || json.value === null) {
      finish('invalid-request', 400);
      return sendJson(response, 400, { error: { message: `request body is not a JSON object: ${json.ok ? 'wrong type' : json.reason}`, type: 'invalid_request_error' } });
    }
    const value = json.value as Record<string, unknown>;
    record.model = typeof value.model === 'string' ? value.model : '';
    record.seed = typeof value.seed === 'number' ? value.seed : undefined;

    const { delayMs, fault } = decideFaults(route, bodyHash);
    if (latencyMs + delayMs > 0) await sleep(latencyMs + delayMs);
    if (closed) return;

    if (fault) {
      switch (fault.kind) {
        case 'status':
          finish(`fault:status`, fault.status);
          return sendJson(
            response,
            fault.status,
            { error: { message: `stand-in injected HTTP ${fault.status}`, type: fault.status === 429 ? 'rate_limit_exceeded' : 'server_error' } },
            fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
          );
        case 'reset':
          finish('fault:reset', 0);
          request.socket.destroy();
          return;
        case 'hang':
          record.outcome = 'fault:hang';
          hanging.add(response);
          response.on('close', () => {
            hanging.delete(response);
            record.endedAt = Date.now();
          });
          return;
        case 'malformed-body':
          finish('fault:malformed-body', 200);
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end('{"id": "chatcmpl-standin", "choices": [ {"message": ');
          return;
        case 'truncated-body': {
          finish('fault:truncated-body', 200);
          const full = JSON.stringify({ id: 'chatcmpl-standin', object: 'chat.completion', choices: [] });
          response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(full) + 100 });
          response.write(full);
          request.socket.destroy();
          return;
        }
        default:
          break; // malformed-content and latency are applied below
      }
    }

    const created = Math.floor(record.startedAt / 1000);
    if (route === '/v1/chat/completions' || route === '/v1/completions') {
      let prompt: string;
      let content: string;
      let kind: CallKind;
      let context: string | undefined;
      if (route === '/v1/chat/completions') {
        const parsed = ChatBodySchema.safeParse(value);
        if (!parsed.success) {
          finish('invalid-request', 400);
          return sendJson(response, 400, { error: { message: parsed.error.message, type: 'invalid_request_error' } });
        }
        if (options.rejectStructuredOutput && parsed.data.response_format) {
          finish('invalid-request', 400);
          return sendJson(response, 400, { error: { message: `response_format '${parsed.data.response_format.type}' is not supported by this server`, type: 'invalid_request_error' } });
        }
        prompt = parsed.data.messages.map((message) => message.content ?? '').join('\n');
        ({ content, kind, context } = chatContent(parsed.data));
      } else {
        const parsed = CompletionBodySchema.safeParse(value);
        if (!parsed.success) {
          finish('invalid-request', 400);
          return sendJson(response, 400, { error: { message: parsed.error.message, type: 'invalid_request_error' } });
        }
        prompt = parsed.data.prompt;
        ({ content, kind } = chatContent({ model: parsed.data.model, messages: [{ role: 'user', content: prompt }], seed: parsed.data.seed }));
      }
      if (fault?.kind === 'malformed-content') content = GARBAGE_CONTENT;
      record.kind = kind;
      if (context !== undefined) record.context = context;
      record.promptTokens = approximateTokens(prompt);
      record.completionTokens = approximateTokens(content);
      const usage = { prompt_tokens: record.promptTokens, completion_tokens: record.completionTokens, total_tokens: record.promptTokens + record.completionTokens };
      finish(fault?.kind === 'malformed-content' ? 'fault:malformed-content' : 'ok', 200);
      const id = `standin-${record.index}`;
      return route === '/v1/chat/completions'
        ? sendJson(response, 200, {
            id: `chatcmpl-${id}`,
            object: 'chat.completion',
            created,
            model: STANDIN_MODEL,
            choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
            usage,
          })
        : sendJson(response, 200, { id: `cmpl-${id}`, object: 'text_completion', created, model: STANDIN_MODEL, choices: [{ index: 0, text: content, finish_reason: 'stop', logprobs: null }], usage });
    }
    if (route === '/v1/embeddings') {
      const parsed = EmbeddingBodySchema.safeParse(value);
      if (!parsed.success) {
        finish('invalid-request', 400);
        return sendJson(response, 400, { error: { message: parsed.error.message, type: 'invalid_request_error' } });
      }
      const inputs = typeof parsed.data.input === 'string' ? [parsed.data.input] : parsed.data.input;
      record.promptTokens = inputs.reduce((sum, input) => sum + approximateTokens(input), 0);
      finish('ok', 200);
      return sendJson(response, 200, {
        object: 'list',
        model: STANDIN_MODEL,
        data: inputs.map((input, index) => ({ object: 'embedding', index, embedding: encodeEmbedding(embedText(input), parsed.data.encoding_format) })),
        usage: { prompt_tokens: record.promptTokens, total_tokens: record.promptTokens },
      });
    }
    finish('invalid-request', 404);
    return sendJson(response, 404, { error: { message: `the stand-in has no route ${request.method} ${route}`, type: 'invalid_request_error' } });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    calls: () => log.map((record) => ({ ...record })),
    resetCalls() {
      log = [];
      seenBodies.clear();
      matchedByRule.clear();
    },
    setFaults(next) {
      rules = next.map((rule) => FaultRuleSchema.parse(rule));
      matchedByRule.clear();
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    addResponder(responder) {
      responders.push(responder);
    },
    close() {
      for (const response of hanging) response.destroy();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
