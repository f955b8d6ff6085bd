import { lcsLength, rougeL } from './rouge-l';
import { wordTokens } from './tokenize';

describe('wordTokens', () => {
  it('lower-cases English words and drops punctuation', () => {
    expect(wordTokens('The Cat, the MAT!')).toEqual(['the', 'cat', 'the', 'mat']);
  });
  it('segments Chinese into words with ICU', () => {
    expect(wordTokens('我喜欢猫。', 'zh')).toEqual(['我', '喜欢', '猫']);
  });
});

describe('lcsLength', () => {
  it('counts the longest common subsequence', () => {
    expect(lcsLength(['a', 'b', 'c', 'd'], ['a', 'c', 'd', 'b'])).toBe(3);
    expect(lcsLength([], ['a'])).toBe(0);
  });
});

describe('rougeL', () => {
  it('matches a hand-computed English example', () => {
    // LCS("the cat sat on the mat", "the cat lay on the mat") = the cat on the mat = 5 of 6 words each.
    const score = rougeL('the cat sat on the mat', 'the cat lay on the mat');
    expect(score.precision).toBeCloseTo(5 / 6, 10);
    expect(score.recall).toBeCloseTo(5 / 6, 10);
    expect(score.f).toBeCloseTo(5 / 6, 10);
  });
  it('separates precision from recall when lengths differ', () => {
    // candidate 2 words, reference 4 words, LCS 2: P = 1, R = 0.5, F = 2/3.
    const score = rougeL('cat mat', 'the cat the mat');
    expect(score.precision).toBe(1);
    expect(score.recall).toBe(0.5);
    expect(score.f).toBeCloseTo(2 / 3, 10);
  });
  it('matches a hand-computed Chinese example', () => {
    // 我 喜欢 猫 vs 我不 喜欢 狗: only 喜欢 in common: P = R = F = 1/3.
    const score = rougeL('我喜欢猫。', '我不喜欢狗。', 'zh');
    expect(score.precision).toBeCloseTo(1 / 3, 10);
    expect(score.f).toBeCloseTo(1 / 3, 10);
  });
  it('is zero for disjoint texts and for empty ones', () => {
    expect(rougeL('alpha beta', 'gamma delta').f).toBe(0);
    expect(rougeL('', 'gamma').f).toBe(0);
  });
});
