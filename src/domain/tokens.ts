/**
 * The one token account of a run and its arithmetic. Rows, stage results, budgets, the summary, the
 * manifest and the report all count tokens with these types; pure, no I/O.
 */

/** Tokens of one or more replies. */
export interface TokenCount {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/**
 * The tokens a run's replies took, and `paid`, the part of them this run paid for. A reply the
 * response cache had from another run keeps its tokens (so a cached rerun's rows and files are byte
 * for byte those of the first run) but adds nothing to `paid`; what the cache saved is the
 * difference. Budgets and cost charge `paid` only.
 */
export interface TokenUsage extends TokenCount {
  paid: TokenCount;
}

export const zeroCount = (): TokenCount => ({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });

export const zeroUsage = (): TokenUsage => ({ ...zeroCount(), paid: zeroCount() });

/**
 * The three counts alone, copied: drops `paid` and anything else the value carries. Exported rows
 * carry a reply's tokens this way: who paid is the run's account (store, manifest, report), not the
 * row's, so a cached rerun writes the first run's files byte for byte.
 */
export function tokenCount({ promptTokens, completionTokens, totalTokens }: TokenCount): TokenCount {
  return { promptTokens, completionTokens, totalTokens };
}

const addCount = (a: TokenCount, b: TokenCount): TokenCount => ({
  promptTokens: a.promptTokens + b.promptTokens,
  completionTokens: a.completionTokens + b.completionTokens,
  totalTokens: a.totalTokens + b.totalTokens,
});

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return { ...addCount(a, b), paid: addCount(a.paid, b.paid) };
}

/** The sum of any number of usages; absent ones (a row without tokens) count as none. */
export function sumUsage(usages: Iterable<TokenUsage | undefined>): TokenUsage {
  let total = zeroUsage();
  for (const usage of usages) if (usage) total = addUsage(total, usage);
  return total;
}

/** What the response cache saved: the tokens not paid for. */
export function savedTokens(usage: TokenUsage): number {
  return usage.totalTokens - usage.paid.totalTokens;
}
