import { parseReferenceLine, ReferenceRecordSchema } from './reference-record';

describe('parseReferenceLine', () => {
  it('accepts a record naming its document by docId or context, ignoring other fields', () => {
    expect(parseReferenceLine('{"docId": "a", "question": "When?", "answer": "At six."}', 1)).toEqual({ kind: 'record', record: { docId: 'a', question: 'When?' } });
    expect(parseReferenceLine('{"context": "北京是首都。", "question": "首都是哪里？"}', 2)).toEqual({ kind: 'record', record: { context: '北京是首都。', question: '首都是哪里？' } });
  });
  it('names the file, line and field of a problem', () => {
    const neither = parseReferenceLine('{"question": "When?"}', 3, 'refs.jsonl');
    expect(neither).toEqual({ kind: 'error', message: 'refs.jsonl line 3: docId: name the document with "docId" or "context" (neither is present)' });
    const wrongType = parseReferenceLine('{"docId": "a", "question": 7}', 4, 'refs.jsonl');
    expect(wrongType.kind).toBe('error');
    expect(wrongType.kind === 'error' && wrongType.message).toMatch(/^refs\.jsonl line 4: question: /u);
    expect(parseReferenceLine('{"docId": "a", "question": "  "}', 5, 'refs.jsonl')).toEqual({ kind: 'error', message: 'refs.jsonl line 5: question: must not be empty' });
    expect(parseReferenceLine('{not json', 6, 'refs.jsonl')).toMatchObject({ kind: 'error', message: expect.stringMatching(/^refs\.jsonl line 6: not JSON/u) });
  });
  it('reports blank lines as blank', () => {
    expect(parseReferenceLine('   ', 7)).toEqual({ kind: 'blank' });
  });
  it('the schema alone rejects a record without question', () => {
    expect(ReferenceRecordSchema.safeParse({ docId: 'a' }).success).toBe(false);
  });
});
