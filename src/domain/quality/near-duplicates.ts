/**
 * Near-duplicates among the kept questions of one root: the highest ROUGE-L F between any two of
 * them (0 with fewer than two) and which pair it is. The filter keeps a question only when its
 * ROUGE-L against every kept one is ≤ 0.7, so a value above 0.7 means duplicates got through (for
 * example from different passes). Quadratic in the questions of one root only.
 */
import { rougeLTokens } from '../rouge/rouge-l';
import { wordTokens } from '../rouge/tokenize';
import type { QualityLocale } from './content-words';

export interface NearDuplicate {
  rougeL: number;
  /** Indexes of the two questions, first < second; absent with fewer than two questions. */
  pair?: [first: number, second: number];
}

export function maxPairwiseRougeLOfTokens(tokenLists: readonly (readonly string[])[]): NearDuplicate {
  let best: NearDuplicate = { rougeL: 0 };
  for (let first = 0; first < tokenLists.length; first += 1) {
    for (let second = first + 1; second < tokenLists.length; second += 1) {
      const { f } = rougeLTokens(tokenLists[first]!, tokenLists[second]!);
      if (best.pair === undefined || f > best.rougeL) best = { rougeL: f, pair: [first, second] };
    }
  }
  return best;
}

export function maxPairwiseRougeL(questions: readonly string[], locale: QualityLocale): NearDuplicate {
  return maxPairwiseRougeLOfTokens(questions.map((question) => wordTokens(question, locale)));
}
