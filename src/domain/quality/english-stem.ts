/**
 * A deliberately small English suffix stripper, so inflections of one word compare equal
 * ("parties"/"party", "voted"/"votes"/"voting"/"vote", "stopped"/"stop"). Not Porter: it only removes
 * a possessive, one plural or -ed/-ing ending, a doubled final consonant left by it, and a final
 * silent "e". Stems need not be words ("vote" → "vot"); only equality of stems is used.
 * Unrelated words may share a stem, which can only make a word look less novel, never more.
 */
const VOWEL = /[aeiouy]/u;

function stripEnding(word: string): string {
  if (word.length > 4 && /ies$|ied$/u.test(word)) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(?:s|x|z|ch|sh)es$/u.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/u.test(word)) return word.slice(0, -1);
  if (word.length > 5 && word.endsWith('ing') && VOWEL.test(word.slice(0, -3))) return undouble(word.slice(0, -3));
  if (word.length > 4 && word.endsWith('ed') && VOWEL.test(word.slice(0, -2))) return undouble(word.slice(0, -2));
  return word;
}

/** "stopp" → "stop", but "call" and "pass" keep their doubled l and s. */
function undouble(stem: string): string {
  const last = stem.at(-1) ?? '';
  return stem.length > 2 && last === stem.at(-2) && !VOWEL.test(last) && !'lsz'.includes(last) ? stem.slice(0, -1) : stem;
}

export function englishStem(word: string): string {
  const lower = word.toLocaleLowerCase().replace(/'s$/u, '');
  if (!/^[a-z]+$/u.test(lower)) return lower;
  const stem = stripEnding(lower);
  return stem.length > 3 && stem.endsWith('e') ? stem.slice(0, -1) : stem;
}
