/**
 * Invented content of a CST split: the content words, numbers and names of a sub-context that do
 * not occur in the text it was split from. A faithful split only cuts and trims, so every list
 * should be empty; novelWordShare near 0 is good, a large share means the model wrote new text.
 * Occurrence is decided by `wordPresence` (English stems, Chinese substrings). novelWordShare counts
 * content-word tokens of the child with duplicates (novel tokens / all content tokens, 0 for a child
 * without content words); the lists hold each novel item once, in order of appearance.
 */
import { wordTokens } from '../rouge/tokenize';
import { contentWordsOf, namesIn, numbersIn, type QualityLocale } from './content-words';
import { presenceFromTokens } from './word-presence';

export interface InventedContent {
  novelWords: string[];
  novelNumbers: string[];
  novelNames: string[];
  novelWordShare: number;
}

const unique = (items: readonly string[]): string[] => [...new Set(items)];

export function inventedContent(child: string, parent: string, locale: QualityLocale): InventedContent {
  const occursInParent = presenceFromTokens(parent, wordTokens(parent, locale));
  const childWords = contentWordsOf(wordTokens(child, locale));
  const novel = childWords.filter((word) => !occursInParent(word));
  const parentNumbers = new Set(numbersIn(parent));
  return {
    novelWords: unique(novel),
    novelNumbers: unique(numbersIn(child).filter((number) => !parentNumbers.has(number))),
    novelNames: namesIn(child, locale).filter((name) => !occursInParent(name)),
    novelWordShare: childWords.length === 0 ? 0 : novel.length / childWords.length,
  };
}
