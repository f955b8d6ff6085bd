import { addUsage, savedTokens, sumUsage, tokenCount, zeroUsage, type TokenUsage } from './tokens';

const usage = (total: number, paid: number): TokenUsage => ({
  promptTokens: total - 1,
  completionTokens: 1,
  totalTokens: total,
  paid: { promptTokens: paid === 0 ? 0 : paid - 1, completionTokens: paid === 0 ? 0 : 1, totalTokens: paid },
});

describe('the token account', () => {
  it('adds the tokens and the paid part separately', () => {
    expect(addUsage(usage(10, 10), usage(5, 0))).toStrictEqual({
      promptTokens: 13,
      completionTokens: 2,
      totalTokens: 15,
      paid: { promptTokens: 9, completionTokens: 1, totalTokens: 10 },
    });
  });

  it('sums any number of usages, counting absent ones as none', () => {
    expect(sumUsage([])).toStrictEqual(zeroUsage());
    expect(sumUsage([usage(10, 10), undefined, usage(5, 0)]).totalTokens).toBe(15);
  });

  it('says what the cache saved: the tokens not paid for', () => {
    expect(savedTokens(sumUsage([usage(10, 10), usage(5, 0)]))).toBe(5);
  });

  it('copies the three counts alone, without paid or anything else the value carries', () => {
    const counted = tokenCount({ ...usage(7, 0), extra: 1 } as TokenUsage);
    expect(counted).toStrictEqual({ promptTokens: 6, completionTokens: 1, totalTokens: 7 });
  });
});
