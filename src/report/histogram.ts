/**
 * Histogram bins for the report's charts. Pure and deterministic: bin edges come from the data's
 * range rounded to "nice" widths (1, 2 or 5 times a power of ten), so two series drawn together
 * (all candidates and kept pairs) share one set of bins.
 */

export interface Bin {
  /** Inclusive lower edge. */
  start: number;
  /** Exclusive upper edge (inclusive for the last bin). */
  end: number;
  /** Counts per series, in the order the series were given. */
  counts: number[];
}

export interface Histogram {
  /** Series names, one per entry of every bin's `counts`. */
  series: string[];
  bins: Bin[];
  /** Values per series (all of them are in some bin). */
  totals: number[];
  /** Integer bins are labelled by their value ("3"), others by their range ("0.40-0.45"). */
  kind: 'integer' | 'range';
}

/** The smallest of 1, 2, 5, 10, 20, 50, ... times `unit` that is at least `raw`. */
export function niceWidth(raw: number, unit = 1): number {
  if (!(raw > 0)) return unit;
  let width = unit;
  for (;;) {
    for (const factor of [1, 2, 5]) if (width * factor >= raw) return width * factor;
    width *= 10;
  }
}

const maxOf = (values: readonly number[]): number => values.reduce((max, value) => (value > max ? value : max), -Infinity);
const minOf = (values: readonly number[]): number => values.reduce((min, value) => (value < min ? value : min), Infinity);

/**
 * Equal-width bins from `start` covering every value: bin i holds [start + i*width, start + (i+1)*width),
 * the last bin also holds its upper edge. Edges are computed from integers of `width` steps, so
 * floating-point noise never moves a value into the neighbouring bin.
 */
export function binValues(series: readonly { name: string; values: readonly number[] }[], options: { start: number; width: number; bins: number; kind: Histogram['kind'] }): Histogram {
  const { start, width, bins: count } = options;
  const decimals = decimalsOf(width);
  const edge = (index: number) => Number((start + index * width).toFixed(decimals));
  const bins: Bin[] = Array.from({ length: count }, (_, index) => ({ start: edge(index), end: edge(index + 1), counts: series.map(() => 0) }));
  series.forEach(({ values }, seriesIndex) => {
    for (const value of values) {
      let index = Math.floor(Number(((value - start) / width).toFixed(9)));
      if (index >= count) index = count - 1;
      if (index < 0) index = 0;
      bins[index]!.counts[seriesIndex]! += 1;
    }
  });
  return { series: series.map(({ name }) => name), bins, totals: series.map(({ values }) => values.length), kind: options.kind };
}

function decimalsOf(width: number): number {
  const text = String(width);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** One bin per integer from 0 (or the smallest value, if negative) to the largest value: node depths. */
export function integerHistogram(series: readonly { name: string; values: readonly number[] }[]): Histogram {
  const all = series.flatMap(({ values }) => values);
  if (all.length === 0) return binValues(series, { start: 0, width: 1, bins: 1, kind: 'integer' });
  const low = Math.min(0, Math.floor(minOf(all)));
  const high = Math.floor(maxOf(all));
  return binValues(series, { start: low, width: 1, bins: high - low + 1, kind: 'integer' });
}

/**
 * Bins from 0 of a nice width giving at most `target` bins: context lengths in characters.
 * A single length gets a single bin.
 */
export function lengthHistogram(series: readonly { name: string; values: readonly number[] }[], target = 12): Histogram {
  const all = series.flatMap(({ values }) => values);
  const high = all.length === 0 ? 0 : maxOf(all);
  const width = niceWidth(high / target);
  const bins = Math.max(1, Math.floor(high / width) + 1);
  return binValues(series, { start: 0, width, bins, kind: 'range' });
}

/**
 * Scores in (0, 1): bins of `width` (default 0.05) from the lowest score rounded down to the highest
 * rounded up, so a scorer whose scores sit in a narrow band still gets a readable chart.
 */
export function scoreHistogram(series: readonly { name: string; values: readonly number[] }[], width = 0.05): Histogram {
  const all = series.flatMap(({ values }) => values);
  if (all.length === 0) return binValues(series, { start: 0, width, bins: Math.round(1 / width), kind: 'range' });
  const steps = (value: number) => Number((value / width).toFixed(9));
  const low = Math.max(0, Math.floor(steps(minOf(all))));
  const high = Math.max(low + 1, Math.ceil(steps(maxOf(all))));
  return binValues(series, { start: Number((low * width).toFixed(decimalsOf(width))), width, bins: high - low, kind: 'range' });
}
