/**
 * Which script a text is mostly written in, to check that a question is in the language of its
 * context. Letters only (digits and punctuation do not vote): 'cjk' when more than 30% of the letters
 * are Han, Hiragana, Katakana or Hangul (the threshold the root splitter uses: a Chinese text often
 * quotes Latin names), else 'latin' when at least half of the letters are Latin, else 'other'
 * (also for a text without letters).
 */
export type DominantScript = 'cjk' | 'latin' | 'other';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const LATIN = /\p{Script=Latin}/u;
const LETTER = /\p{L}/u;

/** @default 0.3 */
export const CJK_SHARE_THRESHOLD = 0.3;

function letterCounts(text: string): { letters: number; cjk: number; latin: number } {
  const counts = { letters: 0, cjk: 0, latin: 0 };
  for (const character of text) {
    if (!LETTER.test(character)) continue;
    counts.letters += 1;
    if (CJK.test(character)) counts.cjk += 1;
    else if (LATIN.test(character)) counts.latin += 1;
  }
  return counts;
}

export function dominantScript(text: string): DominantScript {
  const { letters, cjk, latin } = letterCounts(text);
  if (letters === 0) return 'other';
  if (cjk / letters > CJK_SHARE_THRESHOLD) return 'cjk';
  return latin / letters >= 0.5 ? 'latin' : 'other';
}

/** Share of a text's letters that are CJK (0 without letters): the value shown for a mismatch. */
export function cjkLetterShare(text: string): number {
  const { letters, cjk } = letterCounts(text);
  return letters === 0 ? 0 : cjk / letters;
}

export function languageMatches(question: string, context: string): boolean {
  return dominantScript(question) === dominantScript(context);
}
