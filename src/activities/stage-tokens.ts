/**
 * The run's tokens by stage, from the rows the store keeps: every reply is stored once with the row
 * it produced (a candidate or drop, a negative's triple, an example trace, an answer), so these
 * sums are the one account of a run. The workflows charge the same rows' tokens to the budget as
 * their activities complete; the manifest, the run summary and the report read them from here.
 */
import { sumUsage, type TokenUsage } from '../domain/tokens';
import type { RunStore } from '../store/run-store';

export interface StageTokens {
  contextSplitTree: TokenUsage;
  scorerNegatives: TokenUsage;
  selfImprovement: TokenUsage;
  answers: TokenUsage;
}

export const totalOfStages = (stages: StageTokens): TokenUsage => sumUsage(Object.values(stages));

export async function readStageTokens(
  store: Pick<RunStore, 'outputCounts' | 'listTriples' | 'listExampleTraces' | 'listAnswers'>,
  runName: string,
): Promise<StageTokens> {
  const [output, triples, traces, answers] = await Promise.all([
    store.outputCounts(runName),
    store.listTriples(runName),
    store.listExampleTraces(runName),
    store.listAnswers(runName, false),
  ]);
  return {
    contextSplitTree: output.usage,
    scorerNegatives: sumUsage(triples.map((triple) => triple.usage)),
    selfImprovement: sumUsage(traces.map((trace) => trace.usage)),
    answers: sumUsage(answers.map((row) => row.answer.usage)),
  };
}
