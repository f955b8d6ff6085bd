import { hasAnswer, measurePair, type QualityPair } from './pair-measures';
import { createTextCache } from './text-cache';

const pair: QualityPair = {
  rootId: 'r', docId: 'd', pass: 1, path: '0', depth: 0, locale: 'zh',
  context: '工党在2019年赢得了1,200个席位。', rootText: '工党在2019年赢得了1,200个席位。',
  question: '工党在2019年赢得了1,200个席位吗？', answer: '赢得了。',
};

describe('measurePair', () => {
  it('collects the per-pair numbers of a Chinese pair', () => {
    const measures = measurePair(pair, createTextCache(), 0.8);
    // 10 question tokens, 9 in one run of the context → copy share 0.9 ≥ 0.8.
    expect(measures.questionTokens).toHaveLength(10);
    expect(measures.copySpanShare).toBeCloseTo(0.9, 10);
    expect(measures.copied).toBe(true);
    expect(measures.form).toBe('yes-no');
    expect(measures.languageMatched).toBe(true);
    expect(measures.grounding).toEqual({ node: 1, root: 1 });
    // 赢得|了: run 2 of 2; 4 characters with the full stop.
    expect(measures.answer).toEqual({ share: 1, longestSpan: 2, longestSpanShare: 1, chars: 4 });
  });
  it('treats a blank answer as no answer and respects the copy threshold', () => {
    expect(hasAnswer({ ...pair, answer: '  ' })).toBe(false);
    expect(hasAnswer({ ...pair, answer: undefined })).toBe(false);
    const measures = measurePair({ ...pair, answer: ' ' }, createTextCache(), 0.95);
    expect(measures.answer).toBeUndefined();
    expect(measures.copied).toBe(false);
  });
});
