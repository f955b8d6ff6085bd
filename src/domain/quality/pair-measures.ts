/**
 * The per-pair numbers behind the quality report, computed once per pair with a shared text cache:
 * question grounding, answer grounding and length, copy span, question form and language match.
 */
import { codePointLength } from '../text/length';
import type { QualityLocale } from './content-words';
import { answerGrounding, copySpanShare, MIN_COPY_TOKENS, questionGrounding, type AnswerGrounding, type QuestionGrounding } from './grounding';
import { languageMatches } from './language';
import { questionForm, type QuestionForm } from './question-form';
import type { TextCache } from './text-cache';

export interface QualityPair {
  rootId: string;
  docId: string;
  pass: number;
  path: string;
  depth: number;
  /** The CST node context the question was asked on. */
  context: string;
  /** The root's original text. */
  rootText: string;
  question: string;
  answer?: string;
  locale: QualityLocale;
}

export interface PairMeasures {
  pair: QualityPair;
  questionTokens: readonly string[];
  grounding: QuestionGrounding;
  /** Present when the pair has a non-blank answer. */
  answer?: AnswerGrounding & { chars: number };
  copySpanShare: number;
  /** Long enough (≥ 4 tokens) to be judged a copy. */
  copyEligible: boolean;
  copied: boolean;
  form: QuestionForm;
  languageMatched: boolean;
}

export function hasAnswer(pair: QualityPair): pair is QualityPair & { answer: string } {
  return pair.answer !== undefined && pair.answer.trim() !== '';
}

export function measurePair(pair: QualityPair, cache: TextCache, copyThreshold: number): PairMeasures {
  const { question, context, rootText, locale } = pair;
  const questionTokens = cache.tokens(question, locale);
  const copyShare = copySpanShare(question, context, locale, cache);
  const copyEligible = questionTokens.length >= MIN_COPY_TOKENS;
  return {
    pair,
    questionTokens,
    grounding: questionGrounding(question, context, rootText, locale, cache),
    ...(hasAnswer(pair) ? { answer: { ...answerGrounding(pair.answer, rootText, locale, cache), chars: codePointLength(pair.answer.trim()) } } : {}),
    copySpanShare: copyShare,
    copyEligible,
    copied: copyEligible && copyShare >= copyThreshold,
    form: questionForm(question, locale, (text) => cache.tokens(text, 'en')),
    languageMatched: languageMatches(question, context),
  };
}
