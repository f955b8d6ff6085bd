import { seededSample, summarizeJudgement, type JudgedPair } from './judge-summary';

const items = Array.from({ length: 20 }, (_, index) => ({ rootId: `r${index}`, pass: 1, path: '0' }));
const usage = { promptTokens: 10, completionTokens: 2, totalTokens: 12, paid: { promptTokens: 10, completionTokens: 2, totalTokens: 12 } };

describe('seededSample', () => {
  it('picks the same pairs for the same seed, other pairs for another, in their original order', () => {
    const a = seededSample(items, 5, 1);
    expect(a).toHaveLength(5);
    expect(seededSample(items, 5, 1)).toEqual(a);
    expect(seededSample(items, 5, 2)).not.toEqual(a);
    const positions = a.map((item) => items.indexOf(item));
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    expect(new Set(positions).size).toBe(5);
  });
  it('takes everything when the sample is larger than the run', () => {
    expect(seededSample(items.slice(0, 3), 10, 1)).toEqual(items.slice(0, 3));
  });
});

describe('summarizeJudgement', () => {
  it('counts yes among judged verdicts with a Wilson interval and leaves unjudged ones out', () => {
    const pairs: JudgedPair[] = [
      ...Array.from({ length: 8 }, (_, i) => ({ rootId: `y${i}`, pass: 1, path: '0', question: 'q?', answerable: 'yes' as const, faithful: 'yes' as const, usage })),
      { rootId: 'n1', pass: 1, path: '0', question: 'q?', answerable: 'no', faithful: 'unanswered', usage },
      { rootId: 'n2', pass: 1, path: '0', question: 'q?', answerable: 'no', faithful: 'no', usage },
      { rootId: 'f', pass: 1, path: '0', question: 'q?', answerable: 'failed', faithful: 'failed', usage },
    ];
    const summary = summarizeJudgement(pairs, { sample: 11, seed: 3 });
    // answerability: 8 yes of 10 judged; Wilson 95%: centre (0.8 + 1.9208/10) / 1.38416 = 0.7167,
    // half-width 1.96 * sqrt(0.016 + 0.009604) / 1.38416 = 0.2266 -> 0.4902 .. 0.9433.
    expect(summary.answerability).toEqual({ judged: 10, yes: 8, unjudged: 1, share: 0.8, low: 0.4902, high: 0.9433 });
    // faithfulness: 8 yes of 9 judged (one unanswered, one failed).
    expect(summary.faithfulness).toMatchObject({ judged: 9, yes: 8, unjudged: 1, share: 0.8889 });
    expect(summary.usage).toEqual({ promptTokens: 110, completionTokens: 22, totalTokens: 132, paid: { promptTokens: 110, completionTokens: 22, totalTokens: 132 } });
    expect(summary.pairs).toBe(11);
  });
});
