/**
 * ROUGE-L over word tokens: the longest common subsequence (LCS) of candidate and reference.
 * precision = LCS / |candidate|, recall = LCS / |reference|, F = 2PR / (P + R).
 * The paper's filter names precision; the authors' code used the F-measure (our default).
 */
import { wordTokens } from './tokenize';

export interface RougeL {
  precision: number;
  recall: number;
  f: number;
}

export type RougeMeasure = 'f' | 'precision';

/** Length of the longest common subsequence, O(n·m) time and O(min(n, m)) memory. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  if (short.length === 0) return 0;
  let previous = new Uint32Array(short.length + 1);
  let current = new Uint32Array(short.length + 1);
  for (const token of long) {
    for (let j = 1; j <= short.length; j += 1) {
      current[j] = token === short[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    }
    [previous, current] = [current, previous];
  }
  return previous[short.length]!;
}

export function rougeLTokens(candidate: readonly string[], reference: readonly string[]): RougeL {
  const lcs = lcsLength(candidate, reference);
  if (lcs === 0) return { precision: 0, recall: 0, f: 0 };
  const precision = lcs / candidate.length;
  const recall = lcs / reference.length;
  return { precision, recall, f: (2 * precision * recall) / (precision + recall) };
}

export function rougeL(candidate: string, reference: string, locale?: string): RougeL {
  return rougeLTokens(wordTokens(candidate, locale), wordTokens(reference, locale));
}
