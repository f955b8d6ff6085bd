import { filterRoot } from './rouge-filter';

describe('filterRoot', () => {
  it('keeps the best-scored questions, drops near-duplicates of kept ones, and stops at the quota', () => {
    const decisions = filterRoot(
      [
        { id: 'a', question: 'How does the ferry timetable change in summer?', score: 0.9 },
        { id: 'b', question: 'How does the ferry timetable change in the summer?', score: 0.8 },
        { id: 'c', question: 'Who sells tickets on board?', score: 0.7 },
        { id: 'd', question: 'Can dogs travel on the ferry?', score: 0.6 },
      ],
      2,
    );
    expect(decisions).toEqual([
      { id: 'a', kept: true, rank: 1, score: 0.9 },
      { id: 'b', kept: false, reason: 'duplicate', duplicateOf: 'a', rouge: expect.closeTo(16 / 17, 10), score: 0.8 },
      { id: 'c', kept: true, rank: 2, score: 0.7 },
      { id: 'd', kept: false, reason: 'over-quota', score: 0.6 },
    ]);
  });

  it('accepts a candidate at exactly the threshold under the F-measure', () => {
    // 7 of 10 words in common in order, both 10 words long: P = R = F = 0.7 exactly.
    const kept = 'one two three four five six seven eight nine ten';
    const edge = 'one two three four five six seven x y z';
    const decisions = filterRoot(
      [
        { id: 'k', question: kept, score: 1 },
        { id: 'e', question: edge, score: 0.5 },
      ],
      5,
    );
    expect(decisions.map((decision) => decision.kept)).toEqual([true, true]);
    const stricter = filterRoot(
      [
        { id: 'k', question: kept, score: 1 },
        { id: 'e', question: edge, score: 0.5 },
      ],
      5,
      { threshold: 0.69, measure: 'f' },
    );
    expect(stricter[1]).toMatchObject({ kept: false, reason: 'duplicate' });
  });

  it('measures precision when asked to (the paper), so a short question inside a long one is a duplicate', () => {
    const candidates = [
      { id: 'long', question: 'what time does the last ferry leave the old harbour at night', score: 1 },
      { id: 'short', question: 'last ferry leave', score: 0.5 },
    ];
    expect(filterRoot(candidates, 5, { threshold: 0.7, measure: 'f' })[1]!.kept).toBe(true);
    expect(filterRoot(candidates, 5, { threshold: 0.7, measure: 'precision' })[1]).toMatchObject({ kept: false, duplicateOf: 'long', rouge: 1 });
  });

  it('handles Chinese and breaks score ties by id', () => {
    const decisions = filterRoot(
      [
        { id: 'b', question: '末班船几点出发？', score: 0.5 },
        { id: 'a', question: '末班船几点出发？', score: 0.5 },
      ],
      3,
      { threshold: 0.7, measure: 'f', locale: 'zh' },
    );
    expect(decisions).toMatchObject([
      { id: 'a', kept: true },
      { id: 'b', kept: false, reason: 'duplicate', duplicateOf: 'a', rouge: 1 },
    ]);
  });

  it('keeps nothing when the quota is zero', () => {
    expect(filterRoot([{ id: 'x', question: 'Why?', score: 1 }], 0)).toEqual([{ id: 'x', kept: false, reason: 'over-quota', score: 1 }]);
  });
});
