/**
 * Small statistics for the report: mean, percentiles by linear interpolation between the closest
 * ranks (position p·(n − 1) of the sorted values, numpy's default), and rounding of every number of
 * a JSON value to 4 decimals. All give 0 for no values.
 */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** `sorted` ascending; p in [0, 1]. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** A copy of a JSON-like value with every number rounded to 4 decimals. */
export function roundNumbers<T>(value: T): T {
  if (typeof value === 'number') return round4(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => roundNumbers(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, roundNumbers(item)])) as T;
  }
  return value;
}
