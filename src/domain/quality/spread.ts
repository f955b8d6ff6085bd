/**
 * How evenly the questions spread over CST depths and over context lengths: AugCon's point is to ask
 * at every granularity, so all questions at depth 0 (or all on 800-character contexts) is a smell.
 * normalizedEntropy = Shannon entropy of the bin shares / ln(number of non-empty bins): 1 is a
 * perfectly even spread over the bins that occur, 0 means a single bin (or none). It ignores empty
 * bins, so read it together with the counts. Length buckets count code points of the node context.
 */
import { codePointLength } from '../text/length';

export function normalizedEntropy(counts: readonly number[]): number {
  const present = counts.filter((count) => count > 0);
  if (present.length <= 1) return 0;
  const total = present.reduce((sum, count) => sum + count, 0);
  const entropy = -present.reduce((sum, count) => sum + (count / total) * Math.log(count / total), 0);
  return entropy / Math.log(present.length);
}

export const LENGTH_BUCKETS = ['≤50', '51-100', '101-200', '201-400', '401-800', '>800'] as const;
export type LengthBucket = (typeof LENGTH_BUCKETS)[number];

const UPPER_BOUNDS = [50, 100, 200, 400, 800];

export function lengthBucket(chars: number): LengthBucket {
  const index = UPPER_BOUNDS.findIndex((bound) => chars <= bound);
  return LENGTH_BUCKETS[index === -1 ? LENGTH_BUCKETS.length - 1 : index]!;
}

export interface GranularitySpread {
  /** Questions per CST depth ("0" is the root). */
  byDepth: Record<string, number>;
  /** Questions per node-context length bucket; every bucket is present, empty ones with 0. */
  byLengthBucket: Record<string, number>;
  depthEntropy: number;
  lengthEntropy: number;
}

export function granularitySpread(pairs: readonly { depth: number; context: string }[]): GranularitySpread {
  const byDepth: Record<string, number> = {};
  const byLengthBucket: Record<string, number> = Object.fromEntries(LENGTH_BUCKETS.map((bucket) => [bucket, 0]));
  for (const { depth, context } of pairs) {
    byDepth[String(depth)] = (byDepth[String(depth)] ?? 0) + 1;
    const bucket = lengthBucket(codePointLength(context));
    byLengthBucket[bucket] = (byLengthBucket[bucket] ?? 0) + 1;
  }
  return {
    byDepth,
    byLengthBucket,
    depthEntropy: normalizedEntropy(Object.values(byDepth)),
    lengthEntropy: normalizedEntropy(Object.values(byLengthBucket)),
  };
}
