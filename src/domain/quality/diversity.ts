/**
 * Lexical diversity of the generated questions.
 *
 * distinct-n: unique n-grams / all n-grams, n-grams taken inside each question's word tokens (never
 * across two questions); 0 when there are none. 1 means no n-gram repeats; templated questions
 * ("What is the ... of ...?") pull distinct-2 down.
 *
 * MTLD (McCarthy & Jarvis 2010, as in the `lexicalrichness` package): walk the tokens keeping the
 * type-token ratio (TTR) of the current factor; when TTR ≤ threshold (0.72) one factor is complete and
 * TTR restarts with the next token. A non-empty remainder adds the partial factor
 * (1 − TTR_remainder) / (1 − threshold). One direction's value is tokens / factors; when the factors
 * are 0 (no token ever repeats) it is the token count. MTLD is the mean of the forward and the
 * backward (reversed tokens) value; 0 for no tokens. Higher is more diverse; it is the mean length
 * of a stretch of text before the vocabulary starts repeating.
 */
import { wordTokens } from '../rouge/tokenize';
import type { QualityLocale } from './content-words';

/** distinct-n over pre-tokenised texts. */
export function distinctNOfTokens(tokenLists: readonly (readonly string[])[], n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`distinct-n needs a whole n ≥ 1, got ${n}`);
  const seen = new Set<string>();
  let total = 0;
  for (const tokens of tokenLists) {
    for (let start = 0; start + n <= tokens.length; start += 1) {
      seen.add(tokens.slice(start, start + n).join('\u0001'));
      total += 1;
    }
  }
  return total === 0 ? 0 : seen.size / total;
}

export function distinctN(texts: readonly string[], n: number, locale: QualityLocale): number {
  return distinctNOfTokens(
    texts.map((text) => wordTokens(text, locale)),
    n,
  );
}

/** Factors of one direction, partial factor included. */
export function mtldFactors(tokens: readonly string[], threshold: number): number {
  let factors = 0;
  let types = new Set<string>();
  let count = 0;
  for (const token of tokens) {
    types.add(token);
    count += 1;
    if (types.size / count <= threshold) {
      factors += 1;
      types = new Set();
      count = 0;
    }
  }
  if (count > 0) factors += (1 - types.size / count) / (1 - threshold);
  return factors;
}

function mtldDirection(tokens: readonly string[], threshold: number): number {
  const factors = mtldFactors(tokens, threshold);
  return factors === 0 ? tokens.length : tokens.length / factors;
}

export function mtld(tokens: readonly string[], threshold = 0.72): number {
  if (!(threshold > 0 && threshold < 1)) throw new RangeError(`MTLD needs a threshold between 0 and 1, got ${threshold}`);
  if (tokens.length === 0) return 0;
  return (mtldDirection(tokens, threshold) + mtldDirection([...tokens].reverse(), threshold)) / 2;
}
