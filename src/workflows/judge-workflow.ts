/**
 * augconJudge: the optional LLM judge of `augcon eval --judge` over a finished (or running) run.
 * Picks a seeded sample of kept pairs, judges them through a bounded window of LLM activities
 * (durable: a killed worker's pair is judged again, and the response cache makes that free), and
 * writes judge.json in the run directory. Only orchestration here; the activities do the work.
 */
import type { JudgedPair, JudgeSummary } from '../domain/judge/judge-summary';
import type { JudgeInput, JudgePairInput } from '../activities/quality-judge-activities';
import { OrchestrationSettingsSchema } from '../domain/run-input';
import { ioActivities, multiCallLlmActivities } from './activity-proxies';

export type { JudgeInput, JudgeSummary };

/** Pairs judged at once. */
const WINDOW = 8;

export async function augconJudge(input: JudgeInput): Promise<JudgeSummary> {
  const io = ioActivities();
  const llm = multiCallLlmActivities(OrchestrationSettingsSchema.parse({})).retrying;
  const pairs = await io.sampleJudgePairs(input);
  const judged: JudgedPair[] = new Array<JudgedPair>(pairs.length);
  let next = 0;
  const lane = async () => {
    while (next < pairs.length) {
      const index = next;
      next += 1;
      const request: JudgePairInput = { runName: input.runName, seed: input.seed, retries: input.retries ?? 2, pair: pairs[index]! };
      judged[index] = await llm.judgePair(request);
    }
  };
  await Promise.all(Array.from({ length: Math.min(WINDOW, pairs.length) }, lane));
  return io.writeJudgeReport({ judge: input, judged });
}
