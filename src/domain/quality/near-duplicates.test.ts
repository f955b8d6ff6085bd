import { maxPairwiseRougeL } from './near-duplicates';

describe('maxPairwiseRougeL', () => {
  it('finds the closest English pair', () => {
    // (0, 1): LCS the cat on the mat = 5 of 6 each → F 5/6; pairs with "dogs bark" share nothing.
    const found = maxPairwiseRougeL(['The cat sat on the mat?', 'The cat lay on the mat?', 'Dogs bark?'], 'en');
    expect(found.rougeL).toBeCloseTo(5 / 6, 10);
    expect(found.pair).toEqual([0, 1]);
  });
  it('finds the closest Chinese pair, the first one on ties', () => {
    // 我|喜欢|猫, 我不|喜欢|狗, 我|喜欢|狗: (0,1) 1/3, (0,2) 2/3, (1,2) 2/3 → the first maximum, (0, 2).
    const found = maxPairwiseRougeL(['我喜欢猫。', '我不喜欢狗。', '我喜欢狗。'], 'zh');
    expect(found.rougeL).toBeCloseTo(2 / 3, 10);
    expect(found.pair).toEqual([0, 2]);
  });
  it('is 0 without a pair', () => {
    expect(maxPairwiseRougeL(['Only one?'], 'en')).toEqual({ rougeL: 0 });
    expect(maxPairwiseRougeL([], 'en')).toEqual({ rougeL: 0 });
  });
});
