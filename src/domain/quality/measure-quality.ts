/**
 * Entry point: the quality report of a run's kept pairs (see `quality-report.ts` for the shape and
 * the other files for each measure). Linear in the pairs except the near-duplicate check, which is
 * quadratic only within one root. Every text is tokenised once (per-call cache). Empty input gives a
 * valid all-zero report.
 */
import { distinctNOfTokens, mtld } from './diversity';
import { DEFAULT_COPY_THRESHOLD } from './grounding';
import { maxPairwiseRougeLOfTokens } from './near-duplicates';
import { measurePair, type PairMeasures, type QualityPair } from './pair-measures';
import type { QualityReport } from './quality-report';
import { granularitySpread } from './spread';
import { mean, percentile, roundNumbers } from './summary-stats';
import { createTextCache } from './text-cache';
import { worstExamples, type RootDuplicate } from './worst-examples';

export interface MeasureQualityOptions {
  /** Entries per measure in `worst`. @default 10 */
  worst?: number;
  /** Copy span share from which a question copies its context. @default 0.8 */
  copyThreshold?: number;
}

/** A root's near-duplicate ROUGE-L above this means the filter's 0.7 was exceeded. */
const DUPLICATE_THRESHOLD = 0.7;

function nearDuplicatesByRoot(measured: readonly PairMeasures[]): RootDuplicate[] {
  const byRoot = new Map<string, PairMeasures[]>();
  for (const measures of measured) {
    const group = byRoot.get(measures.pair.rootId) ?? [];
    group.push(measures);
    byRoot.set(measures.pair.rootId, group);
  }
  return [...byRoot.values()]
    .filter((group) => group.length >= 2)
    .map((group) => {
      const duplicate = maxPairwiseRougeLOfTokens(group.map((measures) => measures.questionTokens));
      const [first, second] = duplicate.pair ?? [0, 1];
      return { measures: group[second]!, other: group[first]!, duplicate };
    });
}

export function measureQuality(pairs: readonly QualityPair[], options: MeasureQualityOptions = {}): QualityReport {
  const limit = options.worst ?? 10;
  const cache = createTextCache();
  const measured = pairs.map((pair) => measurePair(pair, cache, options.copyThreshold ?? DEFAULT_COPY_THRESHOLD));
  const count = measured.length;
  const share = (part: number) => (count === 0 ? 0 : part / count);
  const answers = measured.flatMap((measures) => (measures.answer ? [measures.answer] : []));
  const answerChars = answers.map((answer) => answer.chars).sort((a, b) => a - b);
  const duplicates = nearDuplicatesByRoot(measured);
  const duplicateValues = duplicates.map(({ duplicate }) => duplicate.rougeL);
  const questionTokens = measured.map((measures) => measures.questionTokens);
  const copied = measured.filter((measures) => measures.copied).length;
  const matched = measured.filter((measures) => measures.languageMatched).length;
  const forms = (form: PairMeasures['form']) => measured.filter((measures) => measures.form === form).length;

  return roundNumbers({
    pairs: count,
    questionGrounding: {
      meanNode: mean(measured.map((measures) => measures.grounding.node)),
      meanRoot: mean(measured.map((measures) => measures.grounding.root)),
      belowHalfRoot: measured.filter((measures) => measures.grounding.root < 0.5).length,
    },
    answerGrounding: {
      answered: answers.length,
      meanShare: mean(answers.map((answer) => answer.share)),
      meanLongestSpan: mean(answers.map((answer) => answer.longestSpan)),
      meanLongestSpanShare: mean(answers.map((answer) => answer.longestSpanShare)),
    },
    copiedQuestions: { count: copied, share: share(copied) },
    nearDuplicates: {
      roots: duplicates.length,
      meanMaxRougeL: mean(duplicateValues),
      maxRougeL: duplicateValues.reduce((max, value) => Math.max(max, value), 0),
      rootsAbove07: duplicateValues.filter((value) => value > DUPLICATE_THRESHOLD).length,
    },
    diversity: { distinct1: distinctNOfTokens(questionTokens, 1), distinct2: distinctNOfTokens(questionTokens, 2), mtld: mtld(questionTokens.flat()) },
    granularity: granularitySpread(pairs),
    forms: { wh: forms('wh'), yesNo: forms('yes-no'), otherQuestion: forms('other-question'), notQuestion: forms('not-a-question') },
    languageMatch: { matched, share: share(matched) },
    answerLength: { mean: mean(answerChars), median: percentile(answerChars, 0.5), p10: percentile(answerChars, 0.1), p90: percentile(answerChars, 0.9) },
    worst: worstExamples(measured, duplicates, limit, cache),
  });
}
