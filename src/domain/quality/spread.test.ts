import { granularitySpread, lengthBucket, normalizedEntropy } from './spread';

describe('normalizedEntropy', () => {
  it('is 1 for an even spread and matches a hand computation', () => {
    expect(normalizedEntropy([2, 2])).toBeCloseTo(1, 10);
    // p = .75, .25: H = .75·0.287682 + .25·1.386294 = 0.562335; / ln 2 = 0.811278.
    expect(normalizedEntropy([3, 1])).toBeCloseTo(0.811278, 6);
    expect(normalizedEntropy([1, 1, 1, 0])).toBeCloseTo(1, 10); // empty bins are ignored
  });
  it('is 0 for one bin or none', () => {
    expect(normalizedEntropy([5])).toBe(0);
    expect(normalizedEntropy([5, 0])).toBe(0);
    expect(normalizedEntropy([])).toBe(0);
  });
});

describe('lengthBucket', () => {
  it('puts each length in its bucket, bounds inclusive', () => {
    expect([0, 50, 51, 100, 101, 200, 201, 400, 401, 800, 801].map(lengthBucket)).toEqual(['≤50', '≤50', '51-100', '51-100', '101-200', '101-200', '201-400', '201-400', '401-800', '401-800', '>800']);
  });
});

describe('granularitySpread', () => {
  it('counts depths and context lengths in code points, English and Chinese', () => {
    const spread = granularitySpread([
      { depth: 0, context: 'x'.repeat(120) }, // 101-200
      { depth: 1, context: '北'.repeat(60) }, // 60 code points: 51-100
      { depth: 1, context: '𠀀'.repeat(40) }, // 40 code points (80 UTF-16 units): ≤50
    ]);
    expect(spread.byDepth).toEqual({ 0: 1, 1: 2 });
    expect(spread.byLengthBucket).toEqual({ '≤50': 1, '51-100': 1, '101-200': 1, '201-400': 0, '401-800': 0, '>800': 0 });
    // Depths 1/3, 2/3: H = 0.366204 + 0.270310 = 0.636514; / ln 2 = 0.918296. Lengths: three equal bins → 1.
    expect(spread.depthEntropy).toBeCloseTo(0.918296, 6);
    expect(spread.lengthEntropy).toBeCloseTo(1, 10);
  });
});
