/**
 * Per-run memo of the text work the measures share: word tokens, content words and the word
 * presence index of every distinct (locale, text). A root's original text is tokenised once for
 * all its pairs. Create one per `measureQuality` call; it is not global, so memory ends with the call.
 */
import { wordTokens } from '../rouge/tokenize';
import { contentWordsOf, type QualityLocale } from './content-words';
import { presenceFromTokens, type WordPresence } from './word-presence';

export interface TextCache {
  tokens(text: string, locale: QualityLocale): readonly string[];
  contentWords(text: string, locale: QualityLocale): readonly string[];
  presence(text: string, locale: QualityLocale): WordPresence;
}

function memo<T>(compute: (text: string, locale: QualityLocale) => T): (text: string, locale: QualityLocale) => T {
  const cache = new Map<string, T>();
  return (text, locale) => {
    const key = `${locale}\u0000${text}`;
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(text, locale);
      cache.set(key, value);
    }
    return value;
  };
}

export function createTextCache(): TextCache {
  const tokens = memo((text, locale): readonly string[] => wordTokens(text, locale));
  const contentWords = memo((text, locale): readonly string[] => contentWordsOf(tokens(text, locale)));
  const presence = memo((text, locale) => presenceFromTokens(text, tokens(text, locale)));
  return { tokens, contentWords, presence };
}
