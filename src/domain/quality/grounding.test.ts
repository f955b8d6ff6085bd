import { answerGrounding, copiesContext, copySpanShare, questionGrounding } from './grounding';

const englishRoot = 'In 2019 the Labor party lost the Senate vote by 3 seats.';
const chineseRoot = '2019年工党在参议院投票中以3票之差失利。';

describe('questionGrounding', () => {
  it('shares of English question content words in node and root', () => {
    // Content words: labor party lose senate vote (5). "lose" (stem los) ≠ "lost".
    // Node "The Labor party lost the vote.": labor party vote → 3/5. Root: labor party senate vote → 4/5.
    expect(questionGrounding('Why did the Labor party lose the Senate vote?', 'The Labor party lost the vote.', englishRoot, 'en')).toEqual({ node: 0.6, root: 0.8 });
  });
  it('shares of Chinese question content words in node and root', () => {
    // 工党|为什么|在|参议|院|投票|中|失利 → content 工党 参议 院 投票 失利 (5).
    // Node 工党在投票中失利: 工党 投票 失利 → 3/5. Root has all five → 1.
    expect(questionGrounding('工党为什么在参议院投票中失利？', '工党在投票中失利。', chineseRoot, 'zh')).toEqual({ node: 0.6, root: 1 });
  });
  it('is 1 for a question without content words', () => {
    expect(questionGrounding('What is it?', 'Anything.', 'Anything.', 'en')).toEqual({ node: 1, root: 1 });
  });
});

describe('answerGrounding', () => {
  it('English: content share and the longest verbatim run', () => {
    // Answer tokens: the labor party lost the vote by three seats (9); content: labor party lost vote three seats (6),
    // all but "three" in the root → 5/6. Longest run in the root: "the labor party lost the" = 5 → 5/9.
    const grounding = answerGrounding('The Labor party lost the vote by three seats.', englishRoot, 'en');
    expect(grounding.share).toBeCloseTo(5 / 6, 10);
    expect(grounding.longestSpan).toBe(5);
    expect(grounding.longestSpanShare).toBeCloseTo(5 / 9, 10);
  });
  it('Chinese: content share and the longest verbatim run', () => {
    // 工党|以|三|票|之|差|输|掉了|投票 (9); content 工党 三 票 差 输 掉了 投票 (7), in the root: 工党 票 差 投票 → 4/7.
    // Longest run: 票|之|差 = 3 (三 ≠ 3) → 3/9.
    const grounding = answerGrounding('工党以三票之差输掉了投票。', chineseRoot, 'zh');
    expect(grounding.share).toBeCloseTo(4 / 7, 10);
    expect(grounding.longestSpan).toBe(3);
    expect(grounding.longestSpanShare).toBeCloseTo(1 / 3, 10);
  });
  it('is 0 span for an empty answer', () => {
    expect(answerGrounding('', englishRoot, 'en')).toEqual({ share: 1, longestSpan: 0, longestSpanShare: 0 });
  });
});

describe('copiesContext', () => {
  it('flags an English question that repeats the context', () => {
    // 10 tokens, all 10 contiguous in the context → 1.
    expect(copiesContext('The Labor party lost the Senate vote by 3 seats?', englishRoot, 'en')).toBe(true);
    // why did the labor party lose the senate vote: longest run 3 of 9.
    expect(copySpanShare('Why did the Labor party lose the Senate vote?', englishRoot, 'en')).toBeCloseTo(3 / 9, 10);
    expect(copiesContext('Why did the Labor party lose the Senate vote?', englishRoot, 'en')).toBe(false);
  });
  it('uses the threshold inclusively and needs 4 tokens', () => {
    // "the labor party lost" of 5 tokens: 4/5 = 0.8.
    expect(copiesContext('The Labor party lost badly?', englishRoot, 'en')).toBe(true);
    expect(copiesContext('The Labor party lost badly?', englishRoot, 'en', 0.85)).toBe(false);
    expect(copiesContext('Labor party lost?', englishRoot, 'en')).toBe(false); // 3 tokens
  });
  it('flags a Chinese question that repeats the context', () => {
    // 工党|在|2019|年|赢得|了|1,200|个|席位|吗: 9 of 10 in a run → 0.9.
    expect(copiesContext('工党在2019年赢得了1,200个席位吗？', '工党在2019年赢得了1,200个席位。', 'zh')).toBe(true);
    // Against 工党|在|2019|年|的|选举|中|赢得|了|1,200|个|席位 the longest run is 赢得…席位 = 5 → 0.5.
    expect(copySpanShare('工党在2019年赢得了1,200个席位吗？', '工党在2019年的选举中赢得了1,200个席位。', 'zh')).toBe(0.5);
  });
});
