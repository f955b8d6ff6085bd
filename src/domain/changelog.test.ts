import { documentChanges, pairChanges } from './changelog';

describe('documentChanges', () => {
  it('sorts documents into new, changed, deleted and unchanged by id and content hash', () => {
    const previous = [
      { docId: 'a.md', contentHash: '1' },
      { docId: 'b.md', contentHash: '2' },
      { docId: 'c.md', contentHash: '3' },
    ];
    const current = [
      { docId: 'd.md', contentHash: '4' },
      { docId: 'b.md', contentHash: '2-edited' },
      { docId: 'a.md', contentHash: '1' },
    ];
    expect(documentChanges(previous, current)).toEqual({ new: ['d.md'], changed: ['b.md'], deleted: ['c.md'], unchanged: 1 });
  });
});

describe('pairChanges', () => {
  it('keeps a pair only when the same node has the same question and answer', () => {
    const pair = (node: string, question: string, answer = 'A.') => ({ node, question, answer });
    const previous = [pair('r1/1/0', 'Q1?'), pair('r1/1/0.1', 'Q2?'), pair('r2/1/0', 'Q3?')];
    const current = [pair('r1/1/0', 'Q1?'), pair('r1/1/0.1', 'Q2?', 'Other.'), pair('r3/1/0', 'Q4?')];
    expect(pairChanges(previous, current)).toEqual({ added: 2, removed: 2, kept: 1 });
  });
});
