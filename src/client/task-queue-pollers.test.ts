import { noWorkerWarning } from './task-queue-pollers';

describe('noWorkerWarning', () => {
  it('names the queue nobody polls and the setting to fix it', () => {
    expect(noWorkerWarning({ taskQueue: 'augcon', workflowPollers: 0, llmPollers: 0 })).toBe(
      'warning: no worker polls task queue augcon, so the run waits. Start one with `augcon worker` (AUGCON_TASK_QUEUE=augcon), or run with --task-queue set to the queue your worker polls.',
    );
    expect(noWorkerWarning({ taskQueue: 'augcon', workflowPollers: 1, llmPollers: 0 })).toContain('no worker polls LLM task queue augcon-llm');
  });

  it('says nothing when both queues are polled', () => {
    expect(noWorkerWarning({ taskQueue: 'augcon', workflowPollers: 1, llmPollers: 2 })).toBeUndefined();
  });
});
