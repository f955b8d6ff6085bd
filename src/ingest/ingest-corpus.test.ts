import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBadCorpus } from '../../test/helpers/bad-corpus';
import { ingestCorpus } from './ingest-corpus';

const settings = { jsonTextField: 'text', jsonIdField: 'id', codeBlocks: 'drop' as const, maxFileBytes: 64 * 1024 * 1024, rootMaxChars: 500, minParagraphChars: 0, latinScale: 3 };

describe('ingestCorpus on the bad-input corpus', () => {
  it('gives one clear diagnostic per bad file and roots for every good one', async () => {
    const corpus = await writeBadCorpus(join(await mkdtemp(join(tmpdir(), 'augcon-ingest-')), 'corpus'), { hugeLine: true });
    const result = await ingestCorpus({ ...settings, paths: [corpus.directory] });

    const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    expect(Object.fromEntries(errors.map((diagnostic) => [diagnostic.path, diagnostic.code]))).toEqual(corpus.expectedErrors);
    expect(errors).toHaveLength(Object.keys(corpus.expectedErrors).length);
    const warnings = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'warning');
    expect(Object.fromEntries(warnings.map((diagnostic) => [diagnostic.path, diagnostic.code]))).toEqual(corpus.expectedWarnings);
    expect(warnings).toHaveLength(Object.keys(corpus.expectedWarnings).length);
    expect(result.dropped).toEqual({ 'code-block': 'code is dropped'.length, 'script-style': 'drop()'.length });

    const malformed = errors.find((diagnostic) => diagnostic.code === 'malformed-json')!;
    expect(malformed.line).toBe(2);
    expect(malformed.message).toContain('records.jsonl:2');
    expect(errors.find((diagnostic) => diagnostic.code === 'invalid-utf8')!.message).toMatch(/offset 3/);
    expect(errors.find((diagnostic) => diagnostic.code === 'unsupported-extension')!.message).toMatch(/\.txt .*\.docx/);

    const documents = new Set(result.documents.map((document) => document.docId.replace(/#.*/, '')));
    expect([...documents].sort()).toEqual([...corpus.goodFiles].sort());
    expect(result.documents.map((document) => document.docId)).toEqual(expect.arrayContaining(['records.jsonl#one', 'records.jsonl#three', 'good.json#a']));
    for (const document of result.documents) {
      expect(document.text).not.toMatch(/\r|\ufeff|drop\(\)|code is dropped/);
      expect(document.contentHash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(result.documents.find((document) => document.docId === 'good.pdf')!.text).toContain('last crossing leaves at midnight');
    expect(result.documents.find((document) => document.docId === 'good.docx')!.text).toContain('ferry runs every twenty minutes');

    // The single 3 MB line becomes bounded roots, and every root is non-empty and within the limit.
    const huge = result.roots.filter((root) => root.docId === 'huge-line.txt');
    expect(huge.length).toBeGreaterThan(1000);
    for (const root of result.roots) {
      expect(root.chars).toBeGreaterThan(0);
      expect(root.chars).toBeLessThanOrEqual(500 * root.lengthScale);
    }
    expect(new Set(result.roots.map((root) => root.rootId)).size).toBe(result.roots.length);
  });

  it('reports an input path that does not exist and a glob that matches nothing as path-not-found, and the corpus as empty', async () => {
    const result = await ingestCorpus({ ...settings, paths: ['/nonexistent/augcon', '/tmp/augcon-none-*.md'] });
    expect(result.documents).toEqual([]);
    expect(result.diagnostics).toEqual([
      { path: '/nonexistent/augcon', severity: 'error', code: 'path-not-found', message: 'corpus path not found: /nonexistent/augcon does not exist on this machine; check corpus.paths' },
      { path: '/tmp/augcon-none-*.md', severity: 'error', code: 'path-not-found', message: 'corpus path not found: the pattern /tmp/augcon-none-*.md matches no file; check corpus.paths' },
      expect.objectContaining({ severity: 'error', code: 'empty-corpus', message: 'the corpus (/nonexistent/augcon, /tmp/augcon-none-*.md) has no readable document: no file was found in corpus.paths' }),
    ]);
  });

  it('reads the existing paths when another one does not exist', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'augcon-missing-'));
    await writeFile(join(directory, 'a.txt'), 'The ferry leaves every hour.\n');
    const result = await ingestCorpus({ ...settings, paths: [directory, join(directory, 'typo')] });
    expect(result.documents.map((document) => document.docId)).toEqual(['a.txt']);
    expect(result.diagnostics).toEqual([expect.objectContaining({ path: join(directory, 'typo'), code: 'path-not-found' })]);
  });

  it('says a corpus whose files all fail has no readable document', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'augcon-nested-'));
    await writeFile(join(directory, 'squad.json'), JSON.stringify({ version: '1.1', data: [{ paragraphs: [{ context: 'The ferry leaves every hour.' }] }] }));
    const result = await ingestCorpus({ ...settings, paths: [directory] });
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['missing-text-field', 'empty-corpus']);
    expect(result.diagnostics[0]!.message).toContain('fields found: version (string), data (array of 1 object) — set corpus.jsonRecordPath (e.g. "data[]")');
    expect(result.diagnostics[1]!.message).toBe(`the corpus (${directory}) has no readable document: none of its 1 files yielded a root context (see the error for each)`);
    const fixed = await ingestCorpus({ ...settings, paths: [directory], jsonRecordPath: 'data[].paragraphs', jsonTextField: 'context' });
    expect(fixed.diagnostics).toEqual([]);
    expect(fixed.roots.map((root) => [root.docId, root.text])).toEqual([['squad.json#data[0].paragraphs[0]', 'The ferry leaves every hour.']]);
  });

  it('warns once per document and reason about what was not kept, and totals it for the corpus', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'augcon-dropped-'));
    const guide = '---\ntitle: 設定ガイド\n---\n# 設定\n\n<aside>\n<p>再起動の前に保存してください。</p>\n</aside>\n\n```\nmake\n```\n\n```\nmake test\n```\n';
    await writeFile(join(directory, 'guide.md'), guide);
    await writeFile(join(directory, 'code-only.md'), '```\nnpm install\n```\n');
    const result = await ingestCorpus({ ...settings, paths: [directory] });
    expect(result.documents).toEqual([expect.objectContaining({ docId: 'guide.md', text: '設定\n\n再起動の前に保存してください。', metadata: { title: '設定ガイド' } })]);
    const guideDropped = { 'front-matter': 'title: 設定ガイド'.length, 'html-markup': '<aside>\n<p></p>\n</aside>\n'.length, 'code-block': 'make'.length + 'make test'.length };
    expect(result.documents[0]!.dropped).toEqual(guideDropped);
    expect(result.dropped).toEqual({ ...guideDropped, 'code-block': guideDropped['code-block'] + 'npm install'.length });
    expect(result.diagnostics.map((diagnostic) => [diagnostic.path, diagnostic.code])).toEqual([
      ['code-only.md', 'dropped-code-block'],
      ['code-only.md', 'no-roots'],
      ['guide.md', 'dropped-code-block'],
      ['guide.md', 'dropped-html-markup'],
      ['guide.md', 'dropped-front-matter'],
    ]);
    expect(result.diagnostics[0]).toMatchObject({ chars: 11, message: 'code-only.md: 11 characters of code blocks were not kept as text; set corpus.codeBlocks to "keep" to keep them as text' });
    expect(result.diagnostics[1]!.message).toBe('code-only.md yields no root context: it has no text (11 characters were not kept as text: see its dropped-* warnings)');

    const keeping = await ingestCorpus({ ...settings, paths: [join(directory, 'code-only.md')], codeBlocks: 'keep' });
    expect(keeping.diagnostics).toEqual([]);
    expect(keeping.documents.map((document) => document.text)).toEqual(['npm install']);
  });

  it('reads a glob and names documents relative to the common base', async () => {
    const corpus = await writeBadCorpus(join(await mkdtemp(join(tmpdir(), 'augcon-glob-')), 'corpus'));
    const result = await ingestCorpus({ ...settings, paths: [join(corpus.directory, 'good.*')] });
    expect(result.documents.map((document) => document.docId).sort()).toEqual(['good.docx', 'good.html', 'good.json#a', 'good.md', 'good.pdf', 'good.txt']);
  });

  it('removes NUL characters a JSON record carries, with a warning (PostgreSQL cannot store them)', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'augcon-nul-'));
    await writeFile(join(directory, 'records.jsonl'), `${JSON.stringify({ id: 'n', text: 'The pump starts at six.\u0000 It stops at nine.' })}\n`);
    const result = await ingestCorpus({ ...settings, paths: [directory] });
    expect(result.roots.map((root) => root.text)).toEqual(['The pump starts at six. It stops at nine.']);
    expect(result.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: 'nul-removed' })]);
  });
});
