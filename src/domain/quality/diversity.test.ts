import { distinctN, mtld, mtldFactors } from './diversity';

describe('distinctN', () => {
  it('counts unique n-grams inside each English question', () => {
    // Unigrams: the cat sat | the cat ran: 6, unique the cat sat ran = 4 → 4/6.
    expect(distinctN(['The cat sat.', 'The cat ran.'], 1, 'en')).toBeCloseTo(4 / 6, 10);
    // Bigrams: the-cat cat-sat | the-cat cat-ran: 4, unique 3 → 0.75 ("sat the" across questions is not one).
    expect(distinctN(['The cat sat.', 'The cat ran.'], 2, 'en')).toBe(0.75);
    expect(distinctN(['The cat sat.', 'The cat ran.'], 3, 'en')).toBe(1);
  });
  it('counts Chinese words', () => {
    // 北京|是|中国|的|首都 and 上海|是|中国|的|城市: 10 words, 7 unique → 0.7;
    // bigrams 4 + 4 = 8, unique 6 (是中国, 中国的 twice) → 0.75.
    expect(distinctN(['北京是中国的首都', '上海是中国的城市'], 1, 'zh')).toBeCloseTo(0.7, 10);
    expect(distinctN(['北京是中国的首都', '上海是中国的城市'], 2, 'zh')).toBe(0.75);
  });
  it('is 0 without n-grams and rejects n < 1', () => {
    expect(distinctN([], 1, 'en')).toBe(0);
    expect(distinctN(['word'], 2, 'en')).toBe(0);
    expect(() => distinctN(['word'], 0, 'en')).toThrow(RangeError);
  });
});

describe('mtld', () => {
  it('matches a hand computation with a partial factor (English tokens)', () => {
    const tokens = ['a', 'b', 'a', 'c', 'a', 'b', 'c', 'd'];
    // Forward: a 1/1, b 2/2, a 2/3 = .667 ≤ .72 → factor 1; c a b 3/3, c 3/4, d 4/5 = .8 left over:
    //   partial (1 − .8)/(1 − .72) = 5/7, factors 12/7, value 8 / (12/7) = 14/3.
    // Backward d c b a c a b a: d c b a 4/4, c 4/5, a 4/6 = .667 → factor 1; b a 2/2 → partial 0: 8 / 1 = 8.
    expect(mtldFactors(tokens, 0.72)).toBeCloseTo(12 / 7, 10);
    expect(mtld(tokens)).toBeCloseTo((14 / 3 + 8) / 2, 10);
  });
  it('completes a factor when TTR equals the threshold', () => {
    // threshold .5: forward a a → 1/2 ≤ .5, factor 1, then b (TTR 1, partial 0): 3/1 = 3;
    // backward b a a: 1, 1, 2/3 left over: partial (1/3)/(1/2) = 2/3: 3 / (2/3) = 4.5. Mean 3.75.
    // (With "<" instead of "≤" both directions would give 4.5.)
    expect(mtld(['a', 'a', 'b'], 0.5)).toBeCloseTo(3.75, 10);
  });
  it('matches a hand computation on Chinese words', () => {
    // 北京|是|首都|上海|是|城市: TTR 1,1,1,1, 4/5, 5/6, never ≤ .72: partial (1 − 5/6)/.28 = 0.5952 both ways.
    // 6 / 0.5952 = 10.08.
    expect(mtld(['北京', '是', '首都', '上海', '是', '城市'])).toBeCloseTo(10.08, 10);
  });
  it('is the token count with no factors at all, and 0 for no tokens', () => {
    expect(mtld(['a', 'b', 'c'])).toBe(3);
    expect(mtld([])).toBe(0);
    expect(() => mtld(['a'], 1)).toThrow(RangeError);
  });
});
