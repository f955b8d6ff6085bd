/**
 * The quota rule (SPEC stage 1, "Quota") in one place: how many pairs a root should yield, what
 * counts toward it (kept questions when the scorer filters, candidates otherwise), when a root is
 * under quota, and how a filter decision is counted (kept, duplicate, over quota). The CST workflows,
 * the scorer and finalize activities, the store's under-quota listing and the report all use these.
 * Pure and Temporal-free.
 */
import type { CstSettings } from './cst/rules';

/** floor(len(root) / charsPerPair), with charsPerPair scaled like every length setting. */
export function rootQuota(rootChars: number, settings: Pick<CstSettings, 'charsPerPair'>, lengthScale: number): number {
  return Math.floor(rootChars / (settings.charsPerPair * lengthScale));
}

/** What a root has toward its quota: the questions the filter kept with the scorer, its candidates without. */
export function quotaSupply(root: { candidates: number; kept?: number }, filtered: boolean): number {
  return filtered ? (root.kept ?? 0) : root.candidates;
}

/** A root is under quota while its supply is below its quota (another CST pass may follow, up to maxPasses). */
export function isUnderQuota(supply: number, quota: number): boolean {
  return supply < quota;
}

/** How the filter decided a candidate: kept, a near-duplicate of a kept one, or ranked below the root's quota. */
export type FilterMark = 'kept' | 'duplicate' | 'over-quota';

export function filterMark(decision: { kept: boolean; reason?: string }): FilterMark {
  if (decision.kept) return 'kept';
  return decision.reason === 'duplicate' ? 'duplicate' : 'over-quota';
}

export interface FilterCounts {
  kept: number;
  duplicates: number;
  overQuota: number;
}

export function countFilterMarks(decisions: Iterable<{ kept: boolean; reason?: string }>): FilterCounts {
  const counts: FilterCounts = { kept: 0, duplicates: 0, overQuota: 0 };
  for (const decision of decisions) {
    const mark = filterMark(decision);
    if (mark === 'kept') counts.kept += 1;
    else if (mark === 'duplicate') counts.duplicates += 1;
    else counts.overQuota += 1;
  }
  return counts;
}

/** Kept questions per root, from the filter's decisions (roots without one kept are absent). */
export function keptCountByRoot(decisions: Iterable<{ rootId: string; kept: boolean }>): Map<string, number> {
  const kept = new Map<string, number>();
  for (const decision of decisions) if (decision.kept) kept.set(decision.rootId, (kept.get(decision.rootId) ?? 0) + 1);
  return kept;
}
