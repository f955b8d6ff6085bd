import { mean, percentile, round4, roundNumbers } from './summary-stats';

describe('summary statistics', () => {
  it('interpolates percentiles between ranks', () => {
    const sorted = [10, 20, 30, 40];
    expect(percentile(sorted, 0.5)).toBe(25); // position 1.5
    expect(percentile(sorted, 0.1)).toBeCloseTo(13, 10); // position 0.3
    expect(percentile(sorted, 0.9)).toBeCloseTo(37, 10); // position 2.7
    expect(percentile([], 0.5)).toBe(0);
  });
  it('means and rounds', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBe(0);
    expect(round4(2 / 3)).toBe(0.6667);
    expect(roundNumbers({ a: 1 / 3, b: [2 / 3, 7], c: 'x', d: { e: 0.12346 } })).toEqual({ a: 0.3333, b: [0.6667, 7], c: 'x', d: { e: 0.1235 } });
  });
});
