import { longestCommonRun } from './common-run';

describe('longestCommonRun', () => {
  it('finds the longest contiguous shared run, not a subsequence', () => {
    // b c d is shared contiguously (3); the subsequence a b c d would be 4 but is not contiguous in b.
    expect(longestCommonRun(['a', 'b', 'c', 'd', 'e'], ['b', 'c', 'd', 'y', 'a', 'x', 'e'])).toBe(3);
    expect(longestCommonRun(['x', 'y'], ['y', 'x', 'y'])).toBe(2);
  });
  it('works on Chinese tokens and empty input', () => {
    // 在|参议|院|投票|中 (5) is shared by both token lists.
    expect(longestCommonRun(['工党', '为什么', '在', '参议', '院', '投票', '中', '失利'], ['2019', '年', '工党', '在', '参议', '院', '投票', '中', '以'])).toBe(5);
    expect(longestCommonRun([], ['a'])).toBe(0);
  });
});
