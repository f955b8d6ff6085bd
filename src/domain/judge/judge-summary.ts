/**
 * The judge's sample and its summary: a seeded sample of pairs (the same seed picks the same pairs),
 * and per criterion the share judged yes with its 95% Wilson interval. Replies that were never yes
 * or no are counted as unjudged and left out of the share. Pure and deterministic.
 */
import { sumUsage, type TokenUsage } from '../tokens';
import { fnv1a32 } from '../cst/seed';
import { seededRandom } from '../scorer/random';
import { wilsonInterval } from '../quality';

export type JudgeVerdict = 'yes' | 'no' | 'failed' | 'unanswered';

export interface JudgedPair {
  rootId: string;
  pass: number;
  path: string;
  question: string;
  answerable: JudgeVerdict;
  faithful: JudgeVerdict;
  usage: TokenUsage;
}

export interface CriterionSummary {
  judged: number;
  yes: number;
  /** Replies that were neither yes nor no after the retries. */
  unjudged: number;
  share: number;
  low: number;
  high: number;
}

export interface JudgeSummary {
  sample: number;
  seed: number;
  pairs: number;
  answerability: CriterionSummary;
  faithfulness: CriterionSummary;
  usage: TokenUsage;
}


/** `size` items chosen without replacement, in their original order; all of them when there are fewer. */
export function seededSample<T extends { rootId: string; pass: number; path: string }>(items: readonly T[], size: number, seed: number): T[] {
  if (items.length <= size) return [...items];
  const next = seededRandom(fnv1a32(`judge-sample\u001f${seed}`));
  const indexes = items.map((_, index) => index);
  for (let index = indexes.length - 1; index > 0; index -= 1) {
    const other = Math.floor(next() * (index + 1));
    [indexes[index], indexes[other]] = [indexes[other]!, indexes[index]!];
  }
  return indexes
    .slice(0, size)
    .sort((a, b) => a - b)
    .map((index) => items[index]!);
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

function summarize(verdicts: readonly JudgeVerdict[]): CriterionSummary {
  const judged = verdicts.filter((v) => v === 'yes' || v === 'no').length;
  const yes = verdicts.filter((v) => v === 'yes').length;
  const unjudged = verdicts.filter((v) => v === 'failed').length;
  const interval = wilsonInterval(yes, judged);
  return { judged, yes, unjudged, share: round4(interval.estimate), low: round4(interval.low), high: round4(interval.high) };
}

export function summarizeJudgement(pairs: readonly JudgedPair[], options: { sample: number; seed: number }): JudgeSummary {
  const usage = sumUsage(pairs.map((pair) => pair.usage));
  return {
    sample: options.sample,
    seed: options.seed,
    pairs: pairs.length,
    answerability: summarize(pairs.map((pair) => pair.answerable)),
    faithfulness: summarize(pairs.map((pair) => pair.faithful)),
    usage,
  };
}
