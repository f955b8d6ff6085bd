/** LLM calls run on their own task queue, so worker concurrency and rate limits apply to them alone. */
export const llmTaskQueue = (taskQueue: string): string => `${taskQueue}-llm`;

/** The task queue workers listen on unless told otherwise. */
export const DEFAULT_TASK_QUEUE = 'augcon';
