import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBadCorpus } from '../../test/helpers/bad-corpus';
import { ingestCorpus } from './ingest-corpus';

const settings = { jsonTextField: 'text', jsonIdField: 'id', maxFileBytes: 64 * 1024 * 1024, rootMaxChars: 500, minParagraphChars: 0, latinScale: 3 };

describe('ingestCorpus on the bad-input corpus', () => {
  it('gives one clear diagnostic per bad file and roots for every good one', async () => {
    const corpus = await writeBadCorpus(join(await mkdtemp(join(tmpdir(), 'augcon-ingest-')), 'corpus'), { hugeLine: true });
    const result = await ingestCorpus({ ...settings, paths: [corpus.directory] });

    const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    expect(Object.fromEntries(errors.map((diagnostic) => [diagnostic.path, diagnostic.code]))).toEqual(corpus.expectedErrors);
    expect(errors).toHaveLength(Object.keys(corpus.expectedErrors).length);
    const warnings = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'warning');
    expect(Object.fromEntries(warnings.map((diagnostic) => [diagnostic.path, diagnostic.code]))).toEqual(corpus.expectedWarnings);

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

  it('reports an input path that does not exist and a glob that matches nothing', async () => {
    const result = await ingestCorpus({ ...settings, paths: ['/nonexistent/augcon', '/tmp/augcon-none-*.md'] });
    expect(result.documents).toEqual([]);
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['unreadable-path', 'unreadable-path']);
    expect(result.diagnostics[0]!.message).toContain('ENOENT');
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
