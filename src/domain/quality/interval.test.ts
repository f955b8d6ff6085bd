import { wilsonInterval } from './interval';

describe('wilsonInterval', () => {
  it('matches a hand computation for 8 of 10', () => {
    // p = .8, z² = 3.8416, d = 1 + z²/n = 1.38416; center = (.8 + .19208)/d = 0.716738;
    // half = 1.96·√(.016 + .009604)/d = 1.96·0.160012/d = 0.226580 → [0.490158, 0.943318].
    const interval = wilsonInterval(8, 10);
    expect(interval.estimate).toBe(0.8);
    expect(interval.low).toBeCloseTo(0.490158, 5);
    expect(interval.high).toBeCloseTo(0.943318, 5);
  });
  it('stays inside [0, 1] at the edges', () => {
    // 0 of 5: center = half = (3.8416/10)/1.76832 = 0.217246 → [0, 0.434492].
    const none = wilsonInterval(0, 5);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.434492, 5);
    const all = wilsonInterval(5, 5);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(1 - 0.434492, 5);
  });
  it('knows nothing from no sample and rejects impossible counts', () => {
    expect(wilsonInterval(0, 0)).toEqual({ estimate: 0, low: 0, high: 1 });
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 2)).toThrow(RangeError);
  });
});
