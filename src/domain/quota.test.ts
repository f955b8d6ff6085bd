import { CstSettingsSchema } from './cst/rules';
import { countFilterMarks, filterMark, isUnderQuota, keptCountByRoot, quotaSupply, rootQuota } from './quota';

describe('the quota rule', () => {
  it('asks floor(len / 35) pairs of a CJK root and scales the length for other scripts', () => {
    const settings = CstSettingsSchema.parse({});
    expect(rootQuota(500, settings, 1)).toBe(14);
    expect(rootQuota(69, settings, 1)).toBe(1);
    expect(rootQuota(34, settings, 1)).toBe(0);
    expect(rootQuota(1500, settings, 3)).toBe(14);
  });

  it('counts kept questions toward the quota when the scorer filters, candidates otherwise', () => {
    expect(quotaSupply({ candidates: 9, kept: 2 }, true)).toBe(2);
    expect(quotaSupply({ candidates: 9 }, true)).toBe(0);
    expect(quotaSupply({ candidates: 9, kept: 2 }, false)).toBe(9);
  });

  it('leaves a root under quota only while its supply is below the quota', () => {
    expect(isUnderQuota(3, 4)).toBe(true);
    expect(isUnderQuota(4, 4)).toBe(false);
    expect(isUnderQuota(0, 0)).toBe(false);
  });

  it('marks and counts filter decisions as kept, duplicate or over quota', () => {
    const decisions = [
      { rootId: 'a', kept: true },
      { rootId: 'a', kept: false, reason: 'duplicate' },
      { rootId: 'b', kept: false, reason: 'over-quota' },
      { rootId: 'b', kept: true },
      { rootId: 'a', kept: true },
    ];
    expect(decisions.map(filterMark)).toEqual(['kept', 'duplicate', 'over-quota', 'kept', 'kept']);
    expect(countFilterMarks(decisions)).toStrictEqual({ kept: 3, duplicates: 1, overQuota: 1 });
    expect([...keptCountByRoot(decisions)]).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });
});
