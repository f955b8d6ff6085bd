/**
 * The worst pairs per measure, worst first, at most `limit` each; only pairs with something to show
 * (perfect values are left out). `value` per measure:
 * questionGroundingRoot: root grounding, lowest first (note: the content words missing from the root);
 * answerGrounding: answer share, lowest first (note: missing words and the longest verbatim span);
 * copiedQuestion: copy span share, highest first (questions of ≥ 4 tokens);
 * nearDuplicate: the root's highest pairwise ROUGE-L F, highest first, shown on the later question of
 * the pair (note: the other one); notQuestion: 0, in input order; languageMismatch: the question's
 * CJK letter share, in input order; answerLength: answer characters, shortest first.
 */
import type { QualityLocale } from './content-words';
import { cjkLetterShare, dominantScript } from './language';
import type { NearDuplicate } from './near-duplicates';
import type { PairMeasures } from './pair-measures';
import type { QualityMeasure, WorstEntry } from './quality-report';
import type { TextCache } from './text-cache';

interface Candidate {
  measures: PairMeasures;
  value: number;
  /** Computed only for the entries shown. */
  note?: () => string | undefined;
}

function entry({ measures: { pair }, value, note }: Candidate): WorstEntry {
  const text = note?.();
  return { rootId: pair.rootId, pass: pair.pass, path: pair.path, question: pair.question, ...(pair.answer !== undefined ? { answer: pair.answer } : {}), value, ...(text ? { note: text } : {}) };
}

function missingWords(text: string, source: string, locale: QualityLocale, cache: TextCache): string[] {
  const occurs = cache.presence(source, locale);
  return [...new Set(cache.contentWords(text, locale).filter((word) => !occurs(word)))].slice(0, 8);
}

function ordered(candidates: Candidate[], direction: 'ascending' | 'descending' | 'input', limit: number): WorstEntry[] {
  const sorted = direction === 'input' ? candidates : [...candidates].sort((a, b) => (direction === 'ascending' ? a.value - b.value : b.value - a.value));
  return sorted.slice(0, limit).map(entry);
}

export interface RootDuplicate {
  /** The later question of the root's closest pair, and the earlier one. */
  measures: PairMeasures;
  other: PairMeasures;
  duplicate: NearDuplicate;
}

export function worstExamples(measured: readonly PairMeasures[], duplicates: readonly RootDuplicate[], limit: number, cache: TextCache): Record<QualityMeasure, WorstEntry[]> {
  const answered = measured.flatMap((measures) => (measures.answer && measures.pair.answer !== undefined ? [{ measures, grounding: measures.answer, answer: measures.pair.answer }] : []));
  const missingFromRoot = (text: string, { pair }: PairMeasures) => `not in the root text: ${missingWords(text, pair.rootText, pair.locale, cache).join(', ')}`;
  const grounding = measured
    .filter((measures) => measures.grounding.root < 1)
    .map((measures) => ({ measures, value: measures.grounding.root, note: () => missingFromRoot(measures.pair.question, measures) }));
  const answerGrounding = answered
    .filter(({ grounding: { share } }) => share < 1)
    .map(({ measures, grounding: { share, longestSpan }, answer }) => ({
      measures,
      value: share,
      note: () => `${missingFromRoot(answer, measures)}; longest verbatim span ${longestSpan} token${longestSpan === 1 ? '' : 's'}`,
    }));
  const copies = measured
    .filter((measures) => measures.copyEligible && measures.copySpanShare > 0)
    .map((measures) => ({ measures, value: measures.copySpanShare, note: () => (measures.copied ? 'copies the context' : undefined) }));
  const nearDuplicates = duplicates
    .filter(({ duplicate }) => duplicate.rougeL > 0)
    .map(({ measures, other, duplicate }) => ({ measures, value: duplicate.rougeL, note: () => `close to: ${other.pair.question}` }));
  const notQuestions = measured.filter((measures) => measures.form === 'not-a-question').map((measures) => ({ measures, value: 0 }));
  const mismatches = measured
    .filter((measures) => !measures.languageMatched)
    .map((measures) => {
      const { question, context } = measures.pair;
      return { measures, value: cjkLetterShare(question), note: () => `question ${dominantScript(question)}, context ${dominantScript(context)}` };
    });
  const lengths = answered.map(({ measures, grounding: { chars } }) => ({ measures, value: chars }));
  return {
    questionGroundingRoot: ordered(grounding, 'ascending', limit),
    answerGrounding: ordered(answerGrounding, 'ascending', limit),
    copiedQuestion: ordered(copies, 'descending', limit),
    nearDuplicate: ordered(nearDuplicates, 'descending', limit),
    notQuestion: ordered(notQuestions, 'input', limit),
    languageMismatch: ordered(mismatches, 'input', limit),
    answerLength: ordered(lengths, 'ascending', limit),
  };
}
