/**
 * The augcon stand-in LLM server: a deterministic, OpenAI-compatible HTTP server on 127.0.0.1 for
 * tests, benchmarks and the offline demo. It is a test double, NOT a model: it answers CST prompts by
 * splitting the context at sentence boundaries and filling question templates, answer prompts with
 * the context sentence closest to the question, judge prompts by word overlap with the reference,
 * and everything else with the first sentence of the prompt (chat-reply.ts). It is never a default of the worker.
 *
 * Routes (routes/): POST /v1/chat/completions, /v1/completions, /v1/embeddings; GET /v1/models; the
 * Batch API: POST /v1/files, GET /v1/files/{id}[/content], POST and GET /v1/batches[/{id}] (batches.ts).
 * Repeated chat prefixes are reported as cached prompt tokens (prompt-cache.ts).
 * Test control: setFaults / setLatency / calls() in process, or /_standin/{faults,latency,calls,reset}.
 * Faults (fault-plan.ts) are decided by hash(server seed, request body, how often that body was seen),
 * so runs are reproducible and a retried request is not faulted forever.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseJson } from '../domain/cst/parse';
import { finishCall, type CallRecord } from './call-record';
import type { Responder } from './chat-reply';
import { Capacity } from './capacity';
import { FaultPlan, type FaultRule } from './fault-plan';
import { PromptCache } from './prompt-cache';
import { sendFault } from './fault-responses';
import { readBody, sendError, sendJson } from './http';
import { StandinBatches, type AnswerLine, type StandinBatch, type StandinBatchOptions } from './batches';
import { answerBatchRoute } from './routes/batches';
import { answerCompletion, completionReply, STANDIN_MODEL } from './routes/completions';
import { answerControl, type StandinControls } from './routes/control';
import { answerEmbeddings } from './routes/embeddings';

export type { CallKind, CallRecord } from './call-record';
export type { Responder, ResponderRequest } from './chat-reply';
export type { FaultKind, FaultRule } from './fault-plan';
export { STANDIN_MODEL } from './routes/completions';
export type { StandinBatch, StandinBatchOptions } from './batches';

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
  /** Calls served at once (the endpoint's slots); calls over it wait in line. @default unlimited */
  capacity?: number;
  /** `reject`: a call over the capacity is answered 429 at once, as an endpoint shedding load. @default 'queue' */
  overCapacity?: 'queue' | 'reject';
  /** The Batch API's completion delay and outcomes (batches.ts). @default batches complete at once */
  batches?: StandinBatchOptions;
}

export interface StandinServer {
  /** e.g. http://127.0.0.1:41623/v1: what the OpenAI client's baseURL takes. */
  baseUrl: string;
  port: number;
  calls(): CallRecord[];
  resetCalls(): void;
  setFaults(rules: FaultRule[]): void;
  setLatency(ms: number): void;
  /** Changes how batches created from now on end (and when). */
  configureBatches(options: StandinBatchOptions): void;
  /** Every batch created, oldest first, with the custom ids of its lines. */
  batches(): StandinBatch[];
  addResponder(responder: Responder): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startStandinServer(options: StandinOptions = {}): Promise<StandinServer> {
  let latencyMs = options.latencyMs ?? 0;
  const faults = new FaultPlan(options.seed ?? 1, options.faults);
  const capacity = new Capacity({ ...(options.capacity === undefined ? {} : { limit: options.capacity }), ...(options.overCapacity ? { overLimit: options.overCapacity } : {}) });
  let log: CallRecord[] = [];
  const promptCache = new PromptCache();
  const batches = new StandinBatches(options.batches);
  const responders: Responder[] = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  const controls: StandinControls = {
    calls: () => log.map((record) => ({ ...record })),
    resetCalls: () => {
      log = [];
      faults.reset();
      promptCache.clear();
    },
    setFaults: (rules) => faults.setRules(rules),
    setLatency: (ms) => {
      latencyMs = ms;
    },
  };

  /** A new call in the log. */
  function newRecord(route: string, bodyHash: string): CallRecord {
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
      cachedPromptTokens: 0,
      completionTokens: 0,
    };
    log.push(record);
    return record;
  }

  /** A new call in the log; marked client-closed if the client goes away before it is answered. */
  function startCall(route: string, bodyHash: string, response: ServerResponse): { record: CallRecord; closed: () => boolean } {
    const record = newRecord(route, bodyHash);
    let closed = false;
    response.on('close', () => {
      closed = !response.writableFinished;
      if (closed && record.outcome === 'pending') {
        record.outcome = 'client-closed';
        record.endedAt = Date.now();
      }
    });
    return { record, closed: () => closed };
  }

  const completionOptions = (garbage: boolean) => ({ responders, rejectStructuredOutput: options.rejectStructuredOutput ?? false, garbage, promptCache });

  /** A batch's line, answered as a direct call would be and logged with its batch's id. */
  const answerLine: AnswerLine = (batchId, line) => {
    const record = newRecord(line.url, createHash('sha256').update(JSON.stringify(line.body)).digest('hex'));
    record.batchId = batchId;
    record.customId = line.custom_id;
    record.model = typeof line.body.model === 'string' ? line.body.model : '';
    record.seed = typeof line.body.seed === 'number' ? line.body.seed : undefined;
    record.servedAt = record.startedAt;
    if (line.url !== '/v1/chat/completions' && line.url !== '/v1/completions') {
      finishCall(record, 'invalid-request', 404);
      return { status: 404, body: { error: { message: `the stand-in's batches have no route ${line.url}`, type: 'invalid_request_error' } } };
    }
    return completionReply(line.url, line.body, record, completionOptions(false));
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const route = (request.url ?? '/').split('?')[0]!;
    const bodyText = request.method === 'POST' ? await readBody(request) : '';
    if (route.startsWith('/_standin/')) return answerControl(route, bodyText, response, controls);
    const batchRoute = { method: request.method ?? 'GET', route, contentType: request.headers['content-type'] ?? '', body: bodyText };
    if (await answerBatchRoute(batchRoute, response, batches, answerLine)) return;
    if (request.method === 'GET' && route === '/v1/models') {
      return sendJson(response, 200, { object: 'list', data: [{ id: STANDIN_MODEL, object: 'model', created: 0, owned_by: 'augcon stand-in (not a model)' }] });
    }

    const bodyHash = createHash('sha256').update(bodyText).digest('hex');
    const { record, closed } = startCall(route, bodyHash, response);
    const json = parseJson(bodyText);
    if (!json.ok || typeof json.value !== 'object' || json.value === null) {
      finishCall(record, 'invalid-request', 400);
      return sendError(response, 400, `request body is not a JSON object: ${json.ok ? 'wrong type' : json.reason}`);
    }
    const body = json.value as Record<string, unknown>;
    record.model = typeof body.model === 'string' ? body.model : '';
    record.seed = typeof body.seed === 'number' ? body.seed : undefined;

    const slot = capacity.acquire();
    if (!slot) {
      finishCall(record, 'over-capacity', 429);
      return sendJson(response, 429, { error: { message: 'the stand-in is at capacity', type: 'rate_limit_exceeded' } }, { 'retry-after': '1' });
    }
    const release = await slot;
    // A client that gave up while in line frees its slot at once; else the slot is held until the reply ends.
    if (closed()) return release();
    response.once('close', release);
    record.servedAt = Date.now();

    const { delayMs, fault } = faults.decide(route, bodyHash);
    if (latencyMs + delayMs > 0) await sleep(latencyMs + delayMs);
    if (closed()) return;
    if (fault && sendFault(fault, request, response, record, hanging)) return;

    if (route === '/v1/chat/completions' || route === '/v1/completions') {
      return answerCompletion(route, body, record, response, completionOptions(fault?.kind === 'malformed-content'));
    }
    if (route === '/v1/embeddings') return answerEmbeddings(body, record, response);
    finishCall(record, 'invalid-request', 404);
    return sendError(response, 404, `the stand-in has no route ${request.method} ${route}`);
  }

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, `stand-in failure: ${(error as Error).message}`, 'server_error');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    calls: controls.calls,
    resetCalls: controls.resetCalls,
    setFaults(rules) {
      controls.setFaults(rules);
    },
    setLatency: controls.setLatency,
    configureBatches: (batchOptions) => batches.configure(batchOptions),
    batches: () => batches.list(answerLine).reverse(),
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
