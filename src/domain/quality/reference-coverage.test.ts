import { referenceCoverage } from './reference-coverage';

const ferry = 'The ferry leaves the harbour at six every morning. Tickets are sold on board.';
const generated = [
  { docId: 'a', context: ferry, question: 'When does the ferry leave the harbour?' },
  { docId: 'a', context: ferry, question: 'Where are tickets sold?' },
  { docId: 'b', context: '北京是中国的首都，也是政治中心。', question: '中国的首都是哪个城市？' },
  { docId: 'd', context: 'Short.', question: 'Why short?' },
];

describe('referenceCoverage', () => {
  it('matches references by docId or by context and scores the best question', () => {
    const result = referenceCoverage(generated, [
      // docId a. Best: "when does the ferry leave the harbour" (7) vs "when does the ferry leave" (5): LCS 5,
      // F = 2·5/(7 + 5) = 5/6 ≥ 0.5 → covered.
      { docId: 'a', question: 'When does the ferry leave?' },
      // Context inside doc a's node context. "who sells the tickets" (4) vs "where are tickets sold" (4): LCS 1 → 1/4;
      // vs the ferry question (7): LCS "the" → 2·1/11 = 2/11. Best 1/4 < 0.5.
      { context: 'Tickets are   sold on board.', question: 'Who sells the tickets?' },
      // Context contained in doc b's: 中国|的|首都|是|什么 vs 中国|的|首都|是|哪个|城市: LCS 4 → 2·4/11 = 8/11 → covered.
      { context: '北京是中国的首都', question: '中国的首都是什么？' },
      // No generated question for doc c; no node context overlaps the next one; "Short." (6 chars < 20)
      // is inside the last context but too short to count.
      { docId: 'c', question: 'Anything?' },
      { context: 'A text that appears nowhere in the corpus at all.', question: 'Where?' },
      { context: 'Short. And then much more text follows here.', question: 'Why short?' },
    ]);
    expect(result.references).toBe(6);
    expect(result.matchedDocuments).toBe(2);
    expect(result.unmatched).toBe(3);
    expect(result.coverage).toBeCloseTo(2 / 6, 10);
    expect(result.meanBestRougeL).toBeCloseTo((5 / 6 + 1 / 4 + 8 / 11) / 6, 10);
    expect(result.perReference[0]!.best).toEqual({ question: 'When does the ferry leave the harbour?', rougeL: expect.closeTo(5 / 6, 10) });
    expect(result.perReference[1]!.best).toEqual({ question: 'Where are tickets sold?', rougeL: 0.25 });
    expect(result.perReference[2]!.best!.rougeL).toBeCloseTo(8 / 11, 10);
    expect(result.perReference[3]).toEqual({ question: 'Anything?' });
  });
  it('takes a threshold and is all zeros without references', () => {
    expect(referenceCoverage(generated, [{ docId: 'a', question: 'When does the ferry leave?' }], 0.9).coverage).toBe(0);
    expect(referenceCoverage(generated, [])).toEqual({ references: 0, matchedDocuments: 0, unmatched: 0, coverage: 0, meanBestRougeL: 0, perReference: [] });
  });
});
