import { droppedDiagnostics, droppedFromDiagnostics, mergeDropped, totalDropped, type DroppedChars } from './dropped';

describe('dropped characters', () => {
  it('gives one warning per reason with the count as data, and totals them back from diagnostics', () => {
    const diagnostics = droppedDiagnostics('guide.md', { 'code-block': 1204, 'front-matter': 30, 'image-alt': 0 });
    expect(diagnostics).toEqual([
      {
        path: 'guide.md',
        severity: 'warning',
        code: 'dropped-code-block',
        message: 'guide.md: 1204 characters of code blocks were not kept as text; set corpus.codeBlocks to "keep" to keep them as text',
        chars: 1204,
      },
      {
        path: 'guide.md',
        severity: 'warning',
        code: 'dropped-front-matter',
        message: 'guide.md: 30 characters of front matter were not kept as text; it is read as metadata (title, ...), never as text',
        chars: 30,
      },
    ]);
    const other = droppedDiagnostics('notes.md', { 'code-block': 6 });
    expect(droppedFromDiagnostics([...diagnostics, ...other, { code: 'bom-removed' }])).toEqual({ 'code-block': 1210, 'front-matter': 30 });
  });

  it('merges per-document counts into a corpus total', () => {
    const total: DroppedChars = {};
    mergeDropped(total, { 'html-markup': 27 });
    mergeDropped(total, { 'html-markup': 3, navigation: 14 });
    expect(total).toEqual({ 'html-markup': 30, navigation: 14 });
    expect(totalDropped(total)).toBe(44);
  });
});
