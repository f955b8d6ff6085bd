/**
 * Batch mode in a workflow (docs/decisions/0012): after a stage's step, the calls it deferred go to
 * the endpoint as one batch; the workflow sleeps on durable timers between looks at it (no worker
 * slot is held while the batch runs), the replies are stored, and the step runs again, now answered
 * from the response cache up to its next deferred calls. A level of every tree, a round of
 * self-improvement or the answers of every root: each step's independent calls go in one batch.
 */
import { sleep } from '@temporalio/workflow';
import type { RunSettings } from '../domain/run-input';
import { ioActivities } from './activity-proxies';

/** The batch a stage waits for, as its progress query shows it (`augcon status`). */
export interface BatchWait {
  batch: string;
  id: string;
  requests: number;
  status: string;
  completed: number;
  submittedAtMs: number;
}

/** Told of the batch waited for as it changes, and of its end (undefined). */
export type OnBatchWait = (wait: BatchWait | undefined) => void;

/**
 * Sends the run's deferred calls as the batch `batch` and waits until its replies are stored; false
 * when no call was deferred (direct mode, or the step is done).
 */
export async function sendBatch(runName: string, llm: RunSettings['llm'], batch: string, onWait: OnBatchWait = () => undefined): Promise<boolean> {
  if (llm.mode !== 'batch') return false;
  const io = ioActivities();
  const submitted = await io.submitBatch({ runName, batch });
  if (!submitted) return false;
  const wait: BatchWait = { batch, id: submitted.id, requests: submitted.requests, status: 'submitted', completed: 0, submittedAtMs: Date.now() };
  for (;;) {
    const polled = await io.pollBatch({ runName, id: submitted.id });
    onWait({ ...wait, status: polled.status, completed: polled.completed });
    if (polled.ended) break;
    await sleep(`${llm.batchPollSeconds} seconds`);
  }
  await io.collectBatch({ runName, batch, id: submitted.id });
  onWait(undefined);
  return true;
}

/**
 * Runs `step` (given its round, 1-based) until no call of it waits for a batch: in direct mode once.
 * `step` must be repeatable: what an earlier round stored and cached is found again, not redone.
 */
export async function inBatchRounds<T>(
  runName: string,
  llm: RunSettings['llm'],
  name: string,
  step: (round: number) => Promise<T>,
  options: { stopping?: () => boolean; onWait?: OnBatchWait } = {},
): Promise<T> {
  for (let round = 1; ; round += 1) {
    const result = await step(round);
    // After a graceful stop nothing more is asked: what is done is kept.
    if (options.stopping?.() || !(await sendBatch(runName, llm, `${name}-round-${round}`, options.onWait))) return result;
  }
}
