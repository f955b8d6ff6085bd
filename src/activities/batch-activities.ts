/**
 * Batch mode's activities (docs/decisions/0012): submit the requests a stage deferred as one batch,
 * look at it, and store its replies in the response cache before the stage runs again.
 *
 * No request is submitted twice: the requests are claimed into the batch in the store first (a
 * retry gets the same set, and no request is ever in two batches); the batch is created with its
 * name in its metadata and its id is stored, so a retry whose worker died after the create finds it
 * on the endpoint instead of creating another. Each reply is stored before its request is marked
 * done; an item the batch failed, and every item of a batch that failed or expired without it, is
 * marked direct: the stage's next attempt at it calls the endpoint.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { parseStoredJson } from '../domain/stored-json';
import type { BatchApi, BatchLine, RemoteBatch } from '../llm/batch-api';
import { BATCH_ENDED } from '../llm/batch-api';
import type { ChatProvider } from '../llm/provider';
import type { RunStore } from '../store/run-store';
import { heartbeatWhile } from './heartbeat';
import { toApplicationFailure } from './llm-failure';

export interface BatchActivityDeps {
  store: RunStore;
  provider: ChatProvider;
}

export interface BatchRef {
  runName: string;
  /** The batch's name within the run, e.g. "cst-pass-1-round-2": the workflow derives it, so a replay asks for the same one. */
  batch: string;
}

export interface SubmittedBatch {
  id: string;
  requests: number;
}

export interface BatchCollected {
  status: string;
  /** Replies stored in the response cache. */
  replies: number;
  /** Requests the batch did not answer: their next attempt calls the endpoint directly. */
  direct: number;
}

const StoredRequestSchema = z.object({
  messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })),
  temperature: z.number(),
  maxTokens: z.number().int(),
  seed: z.number().int().optional(),
  jsonSchema: z.object({ name: z.string(), schema: z.record(z.string(), z.unknown()) }).optional(),
});

const SubmittedBatchSchema = z.object({ id: z.string(), requests: z.number().int() });

const artifactName = (batch: string) => `batch/${batch}`;

/**
 * Heartbeats while the work runs, so a worker that dies during an upload or a download is noticed
 * after the heartbeat timeout (activity-proxies.ts), not the whole start-to-close timeout.
 */
function beating<T>(work: Promise<T>): Promise<T> {
  try {
    Context.current();
  } catch {
    return work; // outside an activity (unit tests)
  }
  return heartbeatWhile(work);
}

/** The activity's log (nothing outside an activity, as in unit tests). */
function log(level: 'info' | 'warn', message: string): void {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return;
  }
  context.log[level](message);
}

export function createBatchActivities(deps: BatchActivityDeps) {
  const { store } = deps;

  function batchApi(): BatchApi {
    const api = deps.provider.batches;
    if (!api) throw ApplicationFailure.nonRetryable(`the worker's LLM backend (${deps.provider.kind}) has no Batch API: run with llm.mode "direct"`, 'LlmBadRequest');
    return api;
  }

  /** Calls the endpoint's Batch API with its failures classified like any LLM call's. */
  async function endpoint<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toApplicationFailure(error);
    }
  }

  /** The batch's name on the endpoint: the run's and its claim time's, so a replaced run of the same name never finds this one. */
  async function remoteName(ref: BatchRef): Promise<string> {
    const run = await store.getRun(ref.runName);
    if (!run) throw ApplicationFailure.nonRetryable(`run ${ref.runName} is not in the store`, 'RunNotFound');
    return `${ref.runName}@${run.createdAt}/${ref.batch}`;
  }

  /** Submits the run's deferred requests as the batch `ref.batch`; undefined when no request waits (the stage is done). */
  async function submitBatch(ref: BatchRef): Promise<SubmittedBatch | undefined> {
    const recorded = await store.getArtifact(ref.runName, artifactName(ref.batch));
    if (recorded !== undefined) return parseStoredJson(SubmittedBatchSchema, recorded, `batch ${ref.batch} of run ${ref.runName}`);
    const requests = await store.claimBatchRequests(ref.runName, ref.batch);
    if (requests.length === 0) return undefined;
    const api = batchApi();
    const name = await remoteName(ref);
    const found = await endpoint(() => api.findBatch(name));
    const lines = requests.map((request): BatchLine => ({
      customId: request.key,
      request: parseStoredJson(StoredRequestSchema, request.body, `batch request ${request.key} of run ${ref.runName}`),
    }));
    const batch = found ?? (await endpoint(() => api.createBatch(name, lines)));
    const submitted: SubmittedBatch = { id: batch.id, requests: requests.length };
    await store.putArtifact(ref.runName, artifactName(ref.batch), JSON.stringify(submitted));
    log('info', `${found ? 'found' : 'submitted'} batch ${batch.id} (${ref.batch}) of ${requests.length} requests`);
    return submitted;
  }

  /** The batch's status on the endpoint, and whether it has ended. */
  async function pollBatch(input: { runName: string; id: string }): Promise<{ status: string; ended: boolean; completed: number; total: number }> {
    const batch = await endpoint(() => batchApi().getBatch(input.id));
    return { status: batch.status, ended: BATCH_ENDED.includes(batch.status), completed: batch.counts.completed, total: batch.counts.total };
  }

  /** Stores every reply of an ended batch in the response cache, then settles its requests. */
  async function collectBatch(input: BatchRef & { id: string }): Promise<BatchCollected> {
    const api = batchApi();
    const batch: RemoteBatch = await endpoint(() => api.getBatch(input.id));
    const results = await endpoint(() => api.batchResults(batch));
    const requests = new Set((await store.listBatchRequests(input.runName, input.batch)).map((request) => request.key));
    const done: string[] = [];
    for (const result of results) {
      if (!requests.has(result.customId) || !('response' in result)) continue;
      const { response } = result;
      await store.putCachedResponse(result.customId, {
        text: response.text,
        model: response.model,
        usage: response.usage,
        ...(response.finishReason === undefined ? {} : { finishReason: response.finishReason }),
        paidByRun: input.runName,
      });
      await store.countCacheUse(input.runName, { hit: false, promptTokens: response.usage.promptTokens, cachedPromptTokens: response.cachedPromptTokens ?? 0 });
      done.push(result.customId);
    }
    const answered = new Set(done);
    const direct = [...requests].filter((key) => !answered.has(key));
    await store.settleBatchRequests(input.runName, done, 'done');
    await store.settleBatchRequests(input.runName, direct, 'direct');
    if (direct.length > 0) log('warn', `batch ${input.id} (${input.batch}) ended ${batch.status} without ${direct.length} of its ${requests.size} replies: those calls are made directly`);
    return { status: batch.status, replies: done.length, direct: direct.length };
  }

  return {
    submitBatch: (ref: BatchRef) => beating(submitBatch(ref)),
    pollBatch: (input: { runName: string; id: string }) => beating(pollBatch(input)),
    collectBatch: (input: BatchRef & { id: string }) => beating(collectBatch(input)),
  };
}

export type BatchActivities = ReturnType<typeof createBatchActivities>;
