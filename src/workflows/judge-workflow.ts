/**
 * augconJudge: the optional LLM judge of `augcon eval --judge` over a finished (or running) run.
 * Picks a seeded sample of kept pairs, judges them through a bounded window of LLM activities
 * (durable: a killed worker's pair is judged again, and the response cache makes that free), and
 * writes judge.json in the run directory. Only orchestration here; the activities do the work.
 */
import type { JudgedPair, JudgeSummary } from '../domain/judge/judge-summary';
import type { JudgeInput, JudgePairInput } from '../activities/quality-judge-activities';
import { sleep, workflowInfo } from '@temporalio/workflow';
import { isDeferredToBatch } from '../domain/llm-errors';
import { LlmRunSettingsSchema, OrchestrationSettingsSchema } from '../domain/run-input';
import { sendBatch } from './batch-round';
import { ioActivities, multiCallLlmActivities } from './activity-proxies';

export type { JudgeInput, JudgeSummary };

/** How the judge sends the calls a batch-mode run deferred. */
const JUDGE_BATCHES = LlmRunSettingsSchema.parse({ mode: 'batch' });

/** Pairs judged at once. */
const WINDOW = 8;

export async function augconJudge(input: JudgeInput): Promise<JudgeSummary> {
  const io = ioActivities();
  const llm = multiCallLlmActivities(OrchestrationSettingsSchema.parse({})).retrying;
  const pairs = await io.sampleJudgePairs(input);
  const judged: JudgedPair[] = new Array<JudgedPair>(pairs.length);
  // A run in batch mode defers the judge's calls too: those pairs are judged again after the batch.
  let asked = pairs.map((_, index) => index);
  for (let round = 1; asked.length > 0; round += 1) {
    const waiting: number[] = [];
    let next = 0;
    const lane = async () => {
      while (next < asked.length) {
        const index = asked[next]!;
        next += 1;
        const request: JudgePairInput = { runName: input.runName, seed: input.seed, retries: input.retries ?? 2, pair: pairs[index]! };
        try {
          judged[index] = await llm.judgePair(request);
        } catch (error) {
          if (!isDeferredToBatch(error)) throw error;
          waiting.push(index);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(WINDOW, asked.length) }, lane));
    asked = waiting.sort((a, b) => a - b);
    // No batch of its own: the requests are in one the run sent; they are answered once it ends.
    if (asked.length > 0 && !(await sendBatch(input.runName, JUDGE_BATCHES, `judge-${workflowInfo().workflowId}-round-${round}`))) {
      await sleep(`${JUDGE_BATCHES.batchPollSeconds} seconds`);
    }
  }
  return io.writeJudgeReport({ judge: input, judged });
}
