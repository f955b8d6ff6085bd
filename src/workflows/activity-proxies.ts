/**
 * Activity proxies. IO activities run on the workflow's own task queue; LLM calls on `<queue>-llm`
 * with the run's timeouts and a retry policy that leaves classified non-retryable errors alone.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { IoActivities, LlmActivities } from '../activities';
import type { RunSettings } from '../domain/run-input';
import { llmTaskQueue } from '../domain/task-queues';

/** Mirrors NON_RETRYABLE_LLM_ERROR_TYPES of src/activities/llm-failure.ts (workflows may not import activity code). */
export const NON_RETRYABLE_LLM_ERRORS = [
  'LlmAuthError',
  'LlmNotFound',
  'LlmBadRequest',
  'LlmUnprocessable',
  'LlmCancelled',
  'LlmStructuredOutputUnsupported',
];
/** Failures that no other root would escape either: the run stops and says so. */
export const FATAL_LLM_ERRORS = ['LlmAuthError', 'LlmNotFound', 'LlmBadRequest', 'LlmUnprocessable'];

export function ioActivities() {
  return proxyActivities<IoActivities>({
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: '2 minutes',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 20, nonRetryableErrorTypes: ['RootNotFound', 'RunNotFound'] },
  });
}

export function llmActivities(orchestration: RunSettings['orchestration']) {
  return proxyActivities<LlmActivities>({
    taskQueue: llmTaskQueue(workflowInfo().taskQueue),
    startToCloseTimeout: `${orchestration.llmCallTimeoutSeconds} seconds`,
    heartbeatTimeout: `${orchestration.llmHeartbeatTimeoutSeconds} seconds`,
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      maximumAttempts: orchestration.llmMaxAttempts,
      nonRetryableErrorTypes: NON_RETRYABLE_LLM_ERRORS,
    },
  });
}
