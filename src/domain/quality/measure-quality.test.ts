import { measureQuality } from './measure-quality';
import type { QualityPair } from './pair-measures';
import { QualityReportSchema } from './quality-report';
import { mtld } from './diversity';

const englishRoot = 'In 2019 the Labor party lost the Senate vote by 3 seats.';
const chineseRoot = '2019年工党在参议院投票中以3票之差失利。';
const ferryRoot = 'The ferry leaves the harbour at six every morning. Tickets are sold on board.';
const base = { docId: 'd1', pass: 1 };

/** Five pairs over three roots; every number below is worked out by hand from these. */
const pairs: QualityPair[] = [
  { ...base, rootId: 'r1', path: '0', depth: 0, context: englishRoot, rootText: englishRoot, locale: 'en',
    question: 'Why did the Labor party lose the Senate vote?', answer: 'The Labor party lost the vote by three seats.' },
  { ...base, rootId: 'r1', path: '0.1', depth: 1, context: 'The Labor party lost the vote.', rootText: englishRoot, locale: 'en',
    question: 'Did the Labor party lose the Senate vote by 3 seats?' },
  { ...base, docId: 'd2', rootId: 'r2', path: '0', depth: 0, context: chineseRoot, rootText: chineseRoot, locale: 'zh',
    question: '工党为什么在参议院投票中失利？', answer: '工党以三票之差输掉了投票。' },
  { ...base, docId: 'd2', rootId: 'r2', path: '0.0', depth: 1, context: '工党在投票中失利。', rootText: chineseRoot, locale: 'zh',
    question: 'The Labor party lost the vote.', answer: '工党输了。' },
  { ...base, rootId: 'r3', path: '0.0.1', depth: 2, context: 'The ferry leaves the harbour at six every morning.', rootText: ferryRoot, locale: 'en',
    question: 'The ferry leaves the harbour at six every morning?' },
];

describe('measureQuality', () => {
  const report = measureQuality(pairs);

  it('is valid against its schema', () => {
    expect(QualityReportSchema.parse(report)).toEqual(report);
  });

  it('grounds questions and answers', () => {
    // Root grounding: P1 4/5 (lose ≠ lost), P2 6/7 (content labor party lose senate vote 3 seats), P3 1,
    // P4 0 (English words against a Chinese root), P5 1 → mean 3.657143/5. Node: .8, 3/7, 1, 0, 1 → 3.228571/5.
    expect(report.questionGrounding).toEqual({ meanNode: 0.6457, meanRoot: 0.7314, belowHalfRoot: 1 });
    // Answers P1 (5/6, span 5 of 9), P3 (4/7, span 3 of 9), P4 工党|输了 (1/2: 输了 is not in the root; span 1 of 2).
    expect(report.answerGrounding).toEqual({ answered: 3, meanShare: 0.6349, meanLongestSpan: 3, meanLongestSpanShare: 0.463 });
  });

  it('finds the copied question and the near-duplicate root', () => {
    // P5 repeats its context (9 of 9 tokens); P3's best run is 5 of 8.
    expect(report.copiedQuestions).toEqual({ count: 1, share: 0.2 });
    // r1: LCS(P1 9 tokens, P2 11 tokens) = did the labor party lose the senate vote = 8 → F = 16/20 = 0.8.
    // r2: no shared token → 0. r3 has one question and is not compared.
    expect(report.nearDuplicates).toEqual({ roots: 2, meanMaxRougeL: 0.4, maxRougeL: 0.8, rootsAbove07: 1 });
  });

  it('measures diversity over all questions', () => {
    // 43 tokens (9 + 11 + 8 + 6 + 9), 27 distinct; 38 bigrams, 29 distinct.
    const tokens = [
      ...'why did the labor party lose the senate vote'.split(' '),
      ...'did the labor party lose the senate vote by 3 seats'.split(' '),
      ...['工党', '为什么', '在', '参议', '院', '投票', '中', '失利'],
      ...'the labor party lost the vote'.split(' '),
      ...'the ferry leaves the harbour at six every morning'.split(' '),
    ];
    expect(report.diversity).toEqual({ distinct1: 0.6279, distinct2: 0.7632, mtld: Math.round(mtld(tokens) * 1e4) / 1e4 });
  });

  it('spreads over depths and lengths, counts forms and language matches', () => {
    // Depths 0,1,0,1,2: H(.4,.4,.2)/ln 3 = 1.054920/1.098612. Contexts of 56, 30, 22, 9, 50 code points.
    expect(report.granularity).toEqual({
      byDepth: { 0: 2, 1: 2, 2: 1 },
      byLengthBucket: { '≤50': 4, '51-100': 1, '101-200': 0, '201-400': 0, '401-800': 0, '>800': 0 },
      depthEntropy: 0.9602,
      lengthEntropy: 0.7219, // H(.8, .2) / ln 2
    });
    expect(report.forms).toEqual({ wh: 2, yesNo: 1, otherQuestion: 1, notQuestion: 1 });
    expect(report.languageMatch).toEqual({ matched: 4, share: 0.8 });
    // Answers of 45, 13 and 5 characters: median 13, p10 at rank 0.2 → 5 + 0.2·8, p90 at 1.8 → 13 + 0.8·32.
    expect(report.answerLength).toEqual({ mean: 21, median: 13, p10: 6.6, p90: 38.6 });
  });

  it('lists the worst pairs per measure, worst first', () => {
    const at = (list: { path: string; rootId: string }[]) => list.map(({ rootId, path }) => `${rootId}:${path}`);
    expect(at(report.worst.questionGroundingRoot)).toEqual(['r2:0.0', 'r1:0', 'r1:0.1']);
    expect(report.worst.questionGroundingRoot[1]).toMatchObject({ value: 0.8, note: 'not in the root text: lose', answer: pairs[0]!.answer });
    expect(at(report.worst.answerGrounding)).toEqual(['r2:0.0', 'r2:0', 'r1:0']);
    expect(report.worst.answerGrounding[0]).toMatchObject({ value: 0.5, note: 'not in the root text: 输了; longest verbatim span 1 token' });
    expect(report.worst.copiedQuestion.map(({ value }) => value)).toEqual([1, 0.625, 0.3333, 0.2727]);
    expect(report.worst.copiedQuestion[0]).toMatchObject({ rootId: 'r3', note: 'copies the context' });
    expect(report.worst.nearDuplicate).toEqual([
      { rootId: 'r1', pass: 1, path: '0.1', question: pairs[1]!.question, value: 0.8, note: `close to: ${pairs[0]!.question}` },
    ]);
    expect(at(report.worst.notQuestion)).toEqual(['r2:0.0']);
    expect(report.worst.languageMismatch).toEqual([
      { rootId: 'r2', pass: 1, path: '0.0', question: 'The Labor party lost the vote.', answer: '工党输了。', value: 0, note: 'question latin, context cjk' },
    ]);
    expect(report.worst.answerLength.map(({ value }) => value)).toEqual([5, 13, 45]);
  });

  it('honours the worst limit and the copy threshold', () => {
    const limited = measureQuality(pairs, { worst: 1, copyThreshold: 0.6 });
    expect(limited.worst.copiedQuestion).toHaveLength(1);
    expect(limited.copiedQuestions.count).toBe(2); // P3's 5/8 = 0.625 now counts
  });

  it('gives a valid all-zero report for no pairs', () => {
    const empty = measureQuality([]);
    expect(QualityReportSchema.safeParse(empty).success).toBe(true);
    expect(empty.pairs).toBe(0);
    expect(empty.questionGrounding).toEqual({ meanNode: 0, meanRoot: 0, belowHalfRoot: 0 });
    expect(empty.nearDuplicates).toEqual({ roots: 0, meanMaxRougeL: 0, maxRougeL: 0, rootsAbove07: 0 });
    expect(empty.diversity).toEqual({ distinct1: 0, distinct2: 0, mtld: 0 });
    expect(empty.answerLength).toEqual({ mean: 0, median: 0, p10: 0, p90: 0 });
    expect(Object.values(empty.worst).every((list) => list.length === 0)).toBe(true);
  });

  it('handles 10,000 pairs in a few seconds', () => {
    const many: QualityPair[] = Array.from({ length: 10_000 }, (_, index) => ({
      ...base,
      rootId: `r${Math.floor(index / 20)}`,
      path: String(index % 20),
      depth: index % 4,
      context: `${englishRoot} Item ${index % 20}.`,
      rootText: `${englishRoot} ${ferryRoot}`,
      locale: 'en',
      question: `Why did the Labor party lose vote number ${index}?`,
      answer: `It lost by ${index % 7} seats, the record says, in the Senate.`,
    }));
    const started = performance.now();
    const big = measureQuality(many);
    expect(big.pairs).toBe(10_000);
    expect(big.nearDuplicates.roots).toBe(500);
    expect(performance.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
