import { readJson, readJsonLines } from './json-reader';

const settings = { jsonTextField: 'text', jsonIdField: 'id', codeBlocks: 'drop' as const };
const encode = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

/** SQuAD-style: the texts are under data[].paragraphs[].context. */
const nested = {
  version: '1.1',
  data: [
    { title: 'Ferry', paragraphs: [{ context: 'The ferry leaves the old harbour every hour.', qas: [] }, { context: 'The last crossing is at midnight.' }] },
    { title: '渡轮', paragraphs: [{ context: '渡轮每小时从老港口开出一班。' }] },
  ],
};

describe('readJson', () => {
  it('says which fields a record has and which setting to change when the text field is missing', async () => {
    const read = await readJson('squad.json', encode(nested), settings);
    expect(read.records).toEqual([]);
    expect(read.diagnostics).toEqual([
      {
        path: 'squad.json',
        severity: 'error',
        code: 'missing-text-field',
        message:
          'squad.json: item 0: field "text" is missing; fields found: version (string), data (array of 2 objects) — set corpus.jsonRecordPath (e.g. "data[]") or corpus.jsonTextField; the item was skipped',
      },
    ]);
  });

  it('reads the records corpus.jsonRecordPath points at, named by their location', async () => {
    const read = await readJson('squad.json', encode(nested), { ...settings, jsonRecordPath: 'data[].paragraphs', jsonTextField: 'context' });
    expect(read.diagnostics).toEqual([]);
    expect(read.records).toEqual([
      { idSuffix: '#data[0].paragraphs[0]', text: 'The ferry leaves the old harbour every hour.', dropped: {} },
      { idSuffix: '#data[0].paragraphs[1]', text: 'The last crossing is at midnight.', dropped: {} },
      { idSuffix: '#data[1].paragraphs[0]', text: '渡轮每小时从老港口开出一班。', dropped: {} },
    ]);
  });

  it('suggests the deeper path when the records at corpus.jsonRecordPath lack the field', async () => {
    const read = await readJson('squad.json', encode(nested), { ...settings, jsonRecordPath: 'data' });
    expect(read.diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      'squad.json: item data[0]: field "text" is missing; fields found: title (string), paragraphs (array of 2 objects) — set corpus.jsonRecordPath (e.g. "data[].paragraphs[]") or corpus.jsonTextField; the item was skipped',
      'squad.json: item data[1]: field "text" is missing; fields found: title (string), paragraphs (array of 1 object) — set corpus.jsonRecordPath (e.g. "data[].paragraphs[]") or corpus.jsonTextField; the item was skipped',
    ]);
  });

  it('reports a record path that leads nowhere, with the fields that are there', async () => {
    const read = await readJson('items.json', encode({ items: [{ text: 'The ferry leaves every hour.' }] }), { ...settings, jsonRecordPath: 'data[]' });
    expect(read.records).toEqual([]);
    expect(read.diagnostics).toEqual([
      expect.objectContaining({ code: 'missing-record-path', message: 'items.json: corpus.jsonRecordPath "data[]": at the top level, field "data" is missing; fields found: items (array of 1 object)' }),
    ]);
  });

  it('names a field of the wrong type and suggests a long string field', async () => {
    const read = await readJson('typed.json', encode([{ text: 42, body: 'The ferry leaves the old harbour every hour.' }]), settings);
    expect(read.diagnostics[0]!.message).toBe(
      'typed.json: item 0: field "text" is number, not a string; fields found: text (number), body (string) — set corpus.jsonTextField (e.g. "body") or corpus.jsonRecordPath; the item was skipped',
    );
  });
});

describe('readJsonLines', () => {
  it('applies corpus.jsonRecordPath to every line, naming records by line and location', async () => {
    const lines = [JSON.stringify({ data: [{ text: 'The ferry leaves every hour.' }, { id: 'b', text: 'フェリーは毎時出航します。' }] }), JSON.stringify({ data: [{ body: 'no text' }] })].join('\n');
    const read = await readJsonLines('pages.jsonl', encode(lines), { ...settings, jsonRecordPath: 'data' });
    expect(read.records.map((record) => record.idSuffix)).toEqual(['#1:data[0]', '#b']);
    expect(read.diagnostics).toEqual([
      {
        path: 'pages.jsonl',
        line: 2,
        severity: 'error',
        code: 'missing-text-field',
        message: 'pages.jsonl:2: item data[0]: field "text" is missing; fields found: body (string) — set corpus.jsonTextField; the item was skipped',
      },
    ]);
  });

  it('lists the fields of a line without the text field', async () => {
    const read = await readJsonLines('records.jsonl', encode(`${JSON.stringify({ id: 1, doc: { text: 'The ferry leaves every hour.' } })}\n`), settings);
    expect(read.diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      'records.jsonl:1: field "text" is missing; fields found: id (number), doc (object) — set corpus.jsonRecordPath (e.g. "doc") or corpus.jsonTextField; the line was skipped',
    ]);
    const fixed = await readJsonLines('records.jsonl', encode(`${JSON.stringify({ id: 1, doc: { text: 'The ferry leaves every hour.' } })}\n`), { ...settings, jsonRecordPath: 'doc' });
    expect(fixed.records).toEqual([{ idSuffix: '#1:doc', text: 'The ferry leaves every hour.', dropped: {} }]);
  });
});
