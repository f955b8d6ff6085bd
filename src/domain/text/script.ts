/**
 * Which script a text is written in, for sentence segmentation, prompt language and length scaling.
 * A text is 'cjk' when more than 30% of its letters are Han, Hiragana, Katakana or Hangul.
 */
export type Script = 'cjk' | 'latin';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const LETTER = /\p{L}/u;

export function detectScript(text: string): Script {
  let letters = 0;
  let cjk = 0;
  for (const character of text) {
    if (!LETTER.test(character)) continue;
    letters += 1;
    if (CJK.test(character)) cjk += 1;
  }
  return letters > 0 && cjk / letters > 0.3 ? 'cjk' : 'latin';
}

/** Locale for Intl.Segmenter and the prompt language. */
export function localeFor(script: Script): 'zh' | 'en' {
  return script === 'cjk' ? 'zh' : 'en';
}

/**
 * The SPEC's lengths are for CJK text. One English token is about 4 characters and one Chinese token
 * about 1.3, so other scripts multiply every length setting by `latinScale` (default 3) to hold about
 * the same number of tokens.
 */
export function lengthScaleFor(script: Script, latinScale: number): number {
  return script === 'cjk' ? 1 : latinScale;
}
