/**
 * Grounding: is a question (or an answer) made of the document's own words?
 * questionGrounding: share of the question's content words (duplicates counted) that occur in the
 * node context (`node`) and in the root's original text (`root`); 1 for a question without content
 * words. root < 0.5 means most of the question talks about things the document never mentions.
 * answerGrounding: the same share for an answer against the root text, plus the longest run of the
 * answer's word tokens (stop words included) found verbatim in the root text; a high longestSpanShare
 * means the answer copies the document rather than answering in its own words (not wrong per se).
 * copiesContext: the question is a copy when its longest verbatim run in the context covers at least
 * `threshold` (0.8) of its tokens and it has at least 4 tokens.
 */
import type { QualityLocale } from './content-words';
import { longestCommonRun } from './common-run';
import { createTextCache, type TextCache } from './text-cache';
import { shareFound } from './word-presence';

export interface QuestionGrounding {
  node: number;
  root: number;
}

export interface AnswerGrounding {
  share: number;
  longestSpan: number;
  longestSpanShare: number;
}

/** @default 0.8 */
export const DEFAULT_COPY_THRESHOLD = 0.8;
/** Shorter questions ("Why?") are never called copies. */
export const MIN_COPY_TOKENS = 4;

export function questionGrounding(question: string, nodeContext: string, rootText: string, locale: QualityLocale, cache: TextCache = createTextCache()): QuestionGrounding {
  const words = cache.contentWords(question, locale);
  return { node: shareFound(words, cache.presence(nodeContext, locale)), root: shareFound(words, cache.presence(rootText, locale)) };
}

export function answerGrounding(answer: string, rootText: string, locale: QualityLocale, cache: TextCache = createTextCache()): AnswerGrounding {
  const tokens = cache.tokens(answer, locale);
  const longestSpan = longestCommonRun(tokens, cache.tokens(rootText, locale));
  return {
    share: shareFound(cache.contentWords(answer, locale), cache.presence(rootText, locale)),
    longestSpan,
    longestSpanShare: tokens.length === 0 ? 0 : longestSpan / tokens.length,
  };
}

/** Longest verbatim run of the question in the context / question tokens (0 for an empty question). */
export function copySpanShare(question: string, context: string, locale: QualityLocale, cache: TextCache = createTextCache()): number {
  const tokens = cache.tokens(question, locale);
  return tokens.length === 0 ? 0 : longestCommonRun(tokens, cache.tokens(context, locale)) / tokens.length;
}

export function copiesContext(question: string, context: string, locale: QualityLocale, threshold = DEFAULT_COPY_THRESHOLD, cache: TextCache = createTextCache()): boolean {
  return cache.tokens(question, locale).length >= MIN_COPY_TOKENS && copySpanShare(question, context, locale, cache) >= threshold;
}
