/**
 * The LLM calls of a run that Temporal is retrying: Temporal retries activities server-side, so the
 * workflows do not know; describe() does. Starting at the run workflow, the open descendants (CST
 * roots and subtrees, the scorer and answer stages) are found through each description's pending
 * children, and their pending activities are summarized (retrying-calls-summary.ts). Bounded: at most
 * `maxWorkflows` descriptions, a few at a time, so a watcher costs the server little.
 */
import type { LoadedDataConverter } from '@temporalio/common';
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { createRedactor, secretsFromEnv } from '../observability/redact';
import { summarizeRetryingCalls, type PendingCall, type RetryingCalls } from './retrying-calls-summary';

export interface RetryingCallsOptions {
  /** Workflows described at most, the run included (1..500). @default 50 */
  maxWorkflows?: number;
  /** Descriptions in flight at once (1..16). @default 4 */
  concurrency?: number;
  /** Applied to every failure message. @default the CLI's redactor of URL credentials and this process's secrets */
  redact?: (text: string) => string;
}

type PendingActivityInfo = temporal.api.workflow.v1.IPendingActivityInfo;
type ProtoFailure = temporal.api.failure.v1.IFailure;

/** What the CLI does to every message it prints: URL credentials and this process's secret settings cut out. */
function defaultRedact(): (text: string) => string {
  const redactor = createRedactor({ secrets: secretsFromEnv() });
  return (text) => redactor.text(text);
}

function boundedInteger(value: number | undefined, fallback: number, min: number, max: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
  return value;
}

/** PENDING_ACTIVITY_STATE_SCHEDULED -> "scheduled". */
function stateName(state: PendingActivityInfo['state']): string {
  const name = (temporal.api.enums.v1.PendingActivityState as unknown as Record<number, string | undefined>)[Number(state ?? 0)];
  return (name ?? 'PENDING_ACTIVITY_STATE_UNSPECIFIED').replace(/^PENDING_ACTIVITY_STATE_/, '').toLowerCase();
}

/** A protobuf Timestamp as a Date (undefined when the server left it out). */
function dateOf(timestamp: PendingActivityInfo['lastAttemptCompleteTime']): Date | undefined {
  if (!timestamp?.seconds) return undefined;
  // `seconds` is a Long (or a number): its decimal text is exact either way.
  const seconds = Number(String(timestamp.seconds));
  return new Date(seconds * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6));
}

/** The class a failure is shown under: the ApplicationFailure type (LlmServerError, ...), else the failure's kind. */
function failureType(failure: ProtoFailure): string {
  if (failure.applicationFailureInfo) return failure.applicationFailureInfo.type ?? 'ApplicationFailure';
  if (failure.timeoutFailureInfo) return 'TimeoutFailure';
  if (failure.canceledFailureInfo) return 'CancelledFailure';
  if (failure.serverFailureInfo) return 'ServerFailure';
  return 'Failure';
}

/**
 * The failure's message. With a payload key (AUGCON_PAYLOAD_KEY) the message travels in the failure's
 * `encodedAttributes`, encrypted by the codec: it is decoded with the client's codecs (last applied,
 * first undone); a payload this process cannot decode leaves the placeholder the server holds.
 */
async function failureMessage(converter: LoadedDataConverter, failure: ProtoFailure): Promise<string> {
  const clear = failure.message ?? '';
  if (!failure.encodedAttributes) return clear;
  try {
    let payloads = [failure.encodedAttributes];
    for (const codec of [...converter.payloadCodecs].reverse()) payloads = await codec.decode(payloads);
    const attributes = converter.payloadConverter.fromPayload<{ message?: unknown }>(payloads[0]!);
    return typeof attributes.message === 'string' ? attributes.message : clear;
  } catch {
    return clear;
  }
}

/** The failure's class and (decoded) message, as the status line shows them. */
export async function failureOf(converter: LoadedDataConverter, failure: ProtoFailure | null | undefined): Promise<PendingCall['lastFailure']> {
  if (!failure) return undefined;
  return { type: failureType(failure), message: await failureMessage(converter, failure) };
}

async function pendingCall(converter: LoadedDataConverter, workflowId: string, info: PendingActivityInfo): Promise<PendingCall> {
  const lastFailure = await failureOf(converter, info.lastFailure);
  const taskQueue = info.activityOptions?.taskQueue?.name;
  const lastAttemptAt = dateOf(info.lastAttemptCompleteTime) ?? dateOf(info.lastStartedTime) ?? dateOf(info.scheduledTime);
  const nextAttemptAt = dateOf(info.nextAttemptScheduleTime);
  return {
    workflowId,
    activityType: info.activityType?.name ?? 'unknown',
    attempt: info.attempt ?? 1,
    state: stateName(info.state),
    llm: taskQueue ? taskQueue.endsWith('-llm') : (lastFailure?.type.startsWith('Llm') ?? false),
    ...(lastFailure ? { lastFailure } : {}),
    ...(lastAttemptAt ? { lastAttemptAt } : {}),
    ...(nextAttemptAt ? { nextAttemptAt } : {}),
  };
}

/**
 * The retrying LLM calls of the run `workflowId` and its open descendants.
 * @throws WorkflowNotFoundError when there is no such run; a descendant that closes meanwhile is skipped.
 */
export async function retryingCalls(client: Client, workflowId: string, options: RetryingCallsOptions = {}): Promise<RetryingCalls> {
  if (typeof workflowId !== 'string' || workflowId.trim() === '') throw new TypeError('retryingCalls needs the workflow id of a run');
  const maxWorkflows = boundedInteger(options.maxWorkflows, 50, 1, 500, 'maxWorkflows');
  const concurrency = boundedInteger(options.concurrency, 4, 1, 16, 'concurrency');
  const redact = options.redact ?? defaultRedact();
  const converter = client.workflow.options.loadedDataConverter;

  const root = await client.workflow.getHandle(workflowId).describe();
  const descriptions: WorkflowExecutionDescription[] = [root];
  let queue: { workflowId: string; runId?: string }[] = root.status.name === 'RUNNING' ? children(root) : [];
  let complete = true;
  while (queue.length > 0) {
    const room = maxWorkflows - descriptions.length;
    if (room <= 0) {
      complete = false;
      break;
    }
    const batch = queue.slice(0, Math.min(room, concurrency));
    queue = queue.slice(batch.length);
    const described = await Promise.all(
      batch.map((child) =>
        client.workflow
          .getHandle(child.workflowId, child.runId)
          .describe()
          .catch(() => undefined), // closed since its parent was described
      ),
    );
    for (const description of described) {
      if (!description) continue;
      descriptions.push(description);
      if (description.status.name === 'RUNNING') queue.push(...children(description));
    }
  }

  const calls = await Promise.all(
    descriptions.flatMap((description) => (description.raw.pendingActivities ?? []).map((info) => pendingCall(converter, description.workflowId, info))),
  );
  return summarizeRetryingCalls(calls, redact, { workflowsDescribed: descriptions.length, complete });
}

function children(description: WorkflowExecutionDescription): { workflowId: string; runId?: string }[] {
  return (description.raw.pendingChildren ?? []).flatMap((child) => (child.workflowId ? [{ workflowId: child.workflowId, ...(child.runId ? { runId: child.runId } : {}) }] : []));
}
