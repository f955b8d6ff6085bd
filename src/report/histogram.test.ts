import { binValues, integerHistogram, lengthHistogram, niceWidth, scoreHistogram } from './histogram';

const edges = (histogram: { bins: { start: number; end: number }[] }) => histogram.bins.map((bin) => [bin.start, bin.end]);
const counts = (histogram: { bins: { counts: number[] }[] }) => histogram.bins.map((bin) => bin.counts);

describe('histogram bins', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    expect([0, 0.3, 1, 1.5, 2.1, 7, 12, 49, 51, 120].map((raw) => niceWidth(raw))).toEqual([1, 1, 1, 2, 5, 10, 20, 50, 100, 200]);
  });

  it('bins depths one per integer from 0, for every series', () => {
    const histogram = integerHistogram([
      { name: 'all candidates', values: [0, 1, 1, 2, 2, 2, 4] },
      { name: 'kept', values: [0, 2, 4] },
    ]);
    expect(histogram.series).toEqual(['all candidates', 'kept']);
    expect(edges(histogram).map(([start]) => start)).toEqual([0, 1, 2, 3, 4]);
    expect(counts(histogram)).toEqual([[1, 1], [2, 0], [3, 1], [0, 0], [1, 1]]);
    expect(histogram.totals).toEqual([7, 3]);
    expect(histogram.kind).toBe('integer');
  });

  it('bins lengths from 0 in a nice width, the largest value in the last bin', () => {
    const histogram = lengthHistogram([{ name: 'kept', values: [21, 40, 99, 100, 480, 500] }], 10);
    expect(histogram.bins[0]).toEqual({ start: 0, end: 50, counts: [2] });
    expect(histogram.bins).toHaveLength(11);
    expect(histogram.bins.at(-1)).toEqual({ start: 500, end: 550, counts: [1] });
    expect(counts(histogram).flat().reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('bins scores in 0.05 steps over their own range, without floating-point drift at the edges', () => {
    const histogram = scoreHistogram([
      { name: 'all candidates', values: [0.15, 0.3, 0.35, 0.7, 0.7] },
      { name: 'kept', values: [0.7, 0.7] },
    ]);
    expect(edges(histogram)[0]).toEqual([0.15, 0.2]);
    expect(edges(histogram).at(-1)).toEqual([0.65, 0.7]);
    // 0.15 is in the first bin (0.15 / 0.05 is 2.9999999999999996 in floating point); 0.7, the top edge, in the last.
    expect(histogram.bins[0]!.counts).toEqual([1, 0]);
    expect(histogram.bins.at(-1)!.counts).toEqual([2, 2]);
    expect(histogram.bins.find((bin) => bin.start === 0.35)!.counts).toEqual([1, 0]);
  });

  it('gives one bin for a single score and a full-range axis without scores', () => {
    expect(edges(scoreHistogram([{ name: 's', values: [0.5, 0.5] }]))).toEqual([[0.5, 0.55]]);
    const empty = scoreHistogram([{ name: 's', values: [] }]);
    expect(empty.bins).toHaveLength(20);
    expect(empty.totals).toEqual([0]);
  });

  it('clamps values outside the bins into the first or last bin', () => {
    const histogram = binValues([{ name: 'x', values: [-3, 0, 9, 10, 25] }], { start: 0, width: 5, bins: 2, kind: 'range' });
    expect(counts(histogram)).toEqual([[2], [3]]);
  });
});
