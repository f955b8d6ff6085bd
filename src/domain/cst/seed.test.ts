import { fnv1a32, sampleSeed } from './seed';

describe('sampleSeed', () => {
  const key = { runSeed: 1, rootId: 'abc', pass: 1, path: '0.1', attempt: 0 };
  it('is deterministic and a non-negative 31-bit integer', () => {
    expect(sampleSeed(key)).toBe(sampleSeed({ ...key }));
    expect(sampleSeed(key)).toBeGreaterThanOrEqual(0);
    expect(sampleSeed(key)).toBeLessThan(2 ** 31);
  });
  it('gives a fresh seed for every attempt, pass, node and run seed', () => {
    const seeds = new Set([
      sampleSeed(key),
      sampleSeed({ ...key, attempt: 1 }),
      sampleSeed({ ...key, pass: 2 }),
      sampleSeed({ ...key, path: '0.2' }),
      sampleSeed({ ...key, runSeed: 2 }),
      sampleSeed({ ...key, variant: 'terse' }),
    ]);
    expect(seeds.size).toBe(6);
  });
  it('implements FNV-1a', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
  });
});
