/**
 * Whether any worker polls a run's task queues: the workflow queue and its `-llm` activity queue.
 * Temporal lists the pollers it saw in the last minutes; an empty list means the run waits for a
 * worker that is not there (not started, or started with another AUGCON_TASK_QUEUE).
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { llmTaskQueue } from '../domain/task-queues';

export interface TaskQueuePollers {
  taskQueue: string;
  /** Workers polling `taskQueue` for workflow tasks. */
  workflowPollers: number;
  /** Workers polling `<taskQueue>-llm` for LLM activities. */
  llmPollers: number;
}

async function pollerCount(client: Client, name: string, type: temporal.api.enums.v1.TaskQueueType): Promise<number> {
  const response = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: type,
  });
  return response.pollers?.length ?? 0;
}

export async function taskQueuePollers(client: Client, taskQueue: string): Promise<TaskQueuePollers> {
  const types = temporal.api.enums.v1.TaskQueueType;
  const [workflowPollers, llmPollers] = await Promise.all([
    pollerCount(client, taskQueue, types.TASK_QUEUE_TYPE_WORKFLOW),
    pollerCount(client, llmTaskQueue(taskQueue), types.TASK_QUEUE_TYPE_ACTIVITY),
  ]);
  return { taskQueue, workflowPollers, llmPollers };
}

/** The warning for a queue no worker polls, or undefined when both queues have one. */
export function noWorkerWarning(pollers: TaskQueuePollers): string | undefined {
  if (pollers.workflowPollers > 0 && pollers.llmPollers > 0) return undefined;
  const missing = pollers.workflowPollers === 0 ? `task queue ${pollers.taskQueue}` : `LLM task queue ${llmTaskQueue(pollers.taskQueue)}`;
  return (
    `warning: no worker polls ${missing}, so the run waits. Start one with \`augcon worker\` ` +
    `(AUGCON_TASK_QUEUE=${pollers.taskQueue}), or run with --task-queue set to the queue your worker polls.`
  );
}
