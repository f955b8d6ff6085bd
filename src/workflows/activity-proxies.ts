/**
 * Activity proxies. IO activities run on the workflow's own task queue; LLM calls on `<queue>-llm`
 * with the run's timeouts and a retry policy that leaves classified non-retryable errors alone.
 */
import { ActivityCancellationType, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { IoActivities, LlmActivities } from '../activities';
import { FATAL_LLM_ERROR_TYPES, NON_RETRYABLE_LLM_ERROR_TYPES } from '../domain/llm-errors';
import type { RunSettings } from '../domain/run-input';
import { llmTaskQueue } from '../domain/task-queues';
import type { StoppableActivities } from './graceful-stop';

/** Failures that no other root would escape either: the run stops and says so (as strings: a failure's type is any string). */
export const FATAL_LLM_ERRORS: readonly string[] = FATAL_LLM_ERROR_TYPES;

/** StoredDataError (src/domain/stored-json.ts): a damaged stored value reads the same on every attempt. */
const IO_RETRY = { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 20, nonRetryableErrorTypes: ['RootNotFound', 'RunNotFound', 'StoredDataError'] };

/**
 * Store reads and writes: short, so a call lost with a killed worker is retried after seconds.
 * Ingest and export run long and heartbeat; a killed worker's call is retried after the heartbeat timeout.
 */
export function ioActivities() {
  const quick = proxyActivities<IoActivities>({ startToCloseTimeout: '1 minute', retry: IO_RETRY });
  const long = proxyActivities<IoActivities>({ startToCloseTimeout: '2 hours', heartbeatTimeout: '1 minute', retry: IO_RETRY });
  // A batch's file goes up or comes down in one call (minutes for a large stage); the activity
  // heartbeats meanwhile, so a killed worker's call is retried after seconds.
  const batch = proxyActivities<IoActivities>({
    startToCloseTimeout: '1 hour',
    heartbeatTimeout: '15 seconds',
    retry: { ...IO_RETRY, nonRetryableErrorTypes: [...IO_RETRY.nonRetryableErrorTypes, ...NON_RETRYABLE_LLM_ERROR_TYPES] },
  });
  // proxyActivities returns a Proxy, which cannot be spread: pick each activity.
  return {
    listRootRefs: quick.listRootRefs,
    listUnderQuotaRoots: quick.listUnderQuotaRoots,
    listPendingRoots: quick.listPendingRoots,
    describeReusedScorer: quick.describeReusedScorer,
    describeReusedDemonstrations: quick.describeReusedDemonstrations,
    prepareVersion: long.prepareVersion,
    loadRoot: quick.loadRoot,
    recordRootOutcome: quick.recordRootOutcome,
    recordNodeFailure: quick.recordNodeFailure,
    failTriple: quick.failTriple,
    ingestCorpus: long.ingestCorpus,
    finalizeRun: long.finalizeRun,
    exportDataset: long.exportDataset,
    planTriples: long.planTriples,
    trainScorer: long.trainScorer,
    filterRoots: long.filterRoots,
    prepareAnswers: quick.prepareAnswers,
    assembleCandidateSets: quick.assembleCandidateSets,
    chooseDemonstrations: quick.chooseDemonstrations,
    failRootAnswers: quick.failRootAnswers,
    sampleJudgePairs: long.sampleJudgePairs,
    writeJudgeReport: quick.writeJudgeReport,
    submitBatch: batch.submitBatch,
    pollBatch: batch.pollBatch,
    collectBatch: batch.collectBatch,
  } satisfies Record<keyof IoActivities, unknown>;
}

/**
 * Activities that make several LLM calls in a row (an example and its judge; every question of a
 * root; the two verdicts of the quality judge): the heartbeat, not the start-to-close timeout, notices a dead worker.
 */
export function multiCallLlmActivities(orchestration: RunSettings['orchestration']) {
  const pick = (calls: ReturnType<typeof proxyLlm>) => ({ traceExample: calls.traceExample, answerRoot: calls.answerRoot, judgePair: calls.judgePair });
  return { retrying: pick(proxyLlm(orchestration, '2 hours')), once: pick(proxyLlm(orchestration, '2 hours', 1)) };
}

/** Scorer training, with its own heartbeat timeout so a dead worker's training resumes soon. */
export function trainingActivities(orchestration: RunSettings['orchestration']) {
  const training = proxyActivities<IoActivities>({
    startToCloseTimeout: '2 hours',
    heartbeatTimeout: `${orchestration.trainingHeartbeatTimeoutSeconds} seconds`,
    retry: IO_RETRY,
  });
  return { trainScorer: training.trainScorer };
}

/** LLM calls with the run's retries, and the same with a single attempt (for calls started after a graceful stop). */
export function llmActivities(orchestration: RunSettings['orchestration']): StoppableActivities<LlmActivities> {
  return { retrying: proxyLlm(orchestration), once: proxyLlm(orchestration, undefined, 1) };
}

/**
 * CST subtree activities (up to `nodesPerActivity` calls, the longest chain of them one after another):
 * a start-to-close timeout of that many calls; the heartbeat notices a dead worker.
 */
export function cstSubtreeActivities(orchestration: RunSettings['orchestration']): StoppableActivities<Pick<LlmActivities, 'expandCstSubtree'>> {
  const timeout = `${orchestration.llmCallTimeoutSeconds * orchestration.nodesPerActivity} seconds`;
  const pick = (calls: LlmActivities) => ({ expandCstSubtree: calls.expandCstSubtree });
  return { retrying: pick(proxyLlm(orchestration, timeout)), once: pick(proxyLlm(orchestration, timeout, 1)) };
}

/**
 * A cancelled call (graceful stop, graceful-stop.ts) is awaited until the worker reports how it
 * ended: a first attempt in flight finishes and its result reaches the workflow.
 */
function proxyLlm(orchestration: RunSettings['orchestration'], startToCloseTimeout = `${orchestration.llmCallTimeoutSeconds} seconds`, maximumAttempts = orchestration.llmMaxAttempts) {
  return proxyActivities<LlmActivities>({
    taskQueue: llmTaskQueue(workflowInfo().taskQueue),
    startToCloseTimeout,
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    heartbeatTimeout: `${orchestration.llmHeartbeatTimeoutSeconds} seconds`,
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      maximumAttempts,
      nonRetryableErrorTypes: [...NON_RETRYABLE_LLM_ERROR_TYPES],
    },
  });
}
