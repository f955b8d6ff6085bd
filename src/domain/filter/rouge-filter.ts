/**
 * Ranking and filtering of one root's candidates (SPEC stage 2): sort by score, descending; accept a
 * candidate only if its ROUGE-L against every accepted one is at most the threshold; stop at the quota.
 * The filter is quadratic in the candidates of ONE root and never looks across roots.
 */
import { rougeLTokens, type RougeMeasure } from '../rouge/rouge-l';
import { wordTokens } from '../rouge/tokenize';

export interface ScoredCandidate {
  /** Stable identity, also the tie-break for equal scores (so the filter is deterministic). */
  id: string;
  question: string;
  score: number;
}

export type FilterDecision =
  | { id: string; kept: true; rank: number; score: number }
  | { id: string; kept: false; reason: 'duplicate'; duplicateOf: string; rouge: number; score: number }
  | { id: string; kept: false; reason: 'over-quota'; score: number };

export interface FilterOptions {
  /** @default 0.7 */
  threshold: number;
  /** 'f' (the authors' code, default) or 'precision' (the paper). */
  measure: RougeMeasure;
  /** Intl.Segmenter locale for word tokens. */
  locale?: string;
}

export const DEFAULT_FILTER_OPTIONS: FilterOptions = { threshold: 0.7, measure: 'f' };

export function filterRoot(candidates: readonly ScoredCandidate[], quota: number, options: FilterOptions = DEFAULT_FILTER_OPTIONS): FilterDecision[] {
  const ordered = [...candidates].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const accepted: { id: string; tokens: string[] }[] = [];
  const decisions: FilterDecision[] = [];
  for (const candidate of ordered) {
    if (accepted.length >= quota) {
      decisions.push({ id: candidate.id, kept: false, reason: 'over-quota', score: candidate.score });
      continue;
    }
    const tokens = wordTokens(candidate.question, options.locale);
    let worst: { id: string; rouge: number } | undefined;
    for (const kept of accepted) {
      const score = rougeLTokens(tokens, kept.tokens);
      const rouge = options.measure === 'precision' ? score.precision : score.f;
      if (rouge > options.threshold && (!worst || rouge > worst.rouge)) worst = { id: kept.id, rouge };
    }
    if (worst) {
      decisions.push({ id: candidate.id, kept: false, reason: 'duplicate', duplicateOf: worst.id, rouge: worst.rouge, score: candidate.score });
    } else {
      accepted.push({ id: candidate.id, tokens });
      decisions.push({ id: candidate.id, kept: true, rank: accepted.length, score: candidate.score });
    }
  }
  return decisions;
}
