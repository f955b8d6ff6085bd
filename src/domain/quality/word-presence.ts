/**
 * "Does this word occur in that text?" for the grounding and invented-content measures.
 * A word with Han, Kana or Hangul characters occurs when it is a substring of the text (lower-cased,
 * white space removed): ICU may segment the same Chinese characters differently in different
 * surroundings, so token equality would report false misses. Any other word occurs when its key
 * (lower-cased, apostrophes straightened, numbers normalised as by `numbersIn`, English stem) equals
 * the key of one of the text's word tokens.
 */
import { wordTokens } from '../rouge/tokenize';
import { normalizeApostrophes, normalizeNumber, type QualityLocale } from './content-words';
import { englishStem } from './english-stem';

export type WordPresence = (word: string) => boolean;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const NUMERIC = /^[0-9０-９][0-9０-９.,]*$/u;

/** The comparison key of a non-CJK word. */
export function wordKey(word: string): string {
  const normalized = normalizeApostrophes(word.toLocaleLowerCase());
  return NUMERIC.test(normalized) ? normalizeNumber(normalized) : englishStem(normalized);
}

export function presenceFromTokens(text: string, tokens: readonly string[]): WordPresence {
  const compact = text.toLocaleLowerCase().replace(/\s+/gu, '');
  const keys = new Set(tokens.map(wordKey));
  return (word) => (CJK.test(word) ? compact.includes(word.toLocaleLowerCase()) : keys.has(wordKey(word)));
}

export function wordPresence(text: string, locale: QualityLocale): WordPresence {
  return presenceFromTokens(text, wordTokens(text, locale));
}

/** Share of `words` (duplicates counted) that occur; 1 for no words, since nothing is ungrounded. */
export function shareFound(words: readonly string[], occurs: WordPresence): number {
  if (words.length === 0) return 1;
  return words.filter((word) => occurs(word)).length / words.length;
}
