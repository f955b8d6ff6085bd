import { describe, expect, it } from '@jest/globals';
import { StoredDataError } from '../domain/stored-json';
import { answerFrom, type Row } from './row-mapping';

const answerRow = (critique: string | null): Row => ({
  run_name: 'run-x',
  root_id: 'r0',
  pass: 1,
  path: '0.1',
  status: 'ok',
  answer: 'Water.',
  reasoning: null,
  critique_json: critique,
  detail: null,
  model: 'm',
  attempts: 1,
  prompt_tokens: 1,
  completion_tokens: 2,
  total_tokens: 3,
});

describe('answerFrom', () => {
  it('reads the critique column through its schema', () => {
    const critique = { faithful: false, problems: 'added a claim', revised: true, firstAnswer: 'Because.' };
    expect(answerFrom(answerRow(JSON.stringify(critique))).critique).toStrictEqual(critique);
    expect(answerFrom(answerRow(null))).not.toHaveProperty('critique');
  });

  it('fails on a damaged critique, naming the run, the answer and the field', () => {
    const damaged = answerRow(JSON.stringify({ faithful: 'no', problems: '', revised: false }));
    expect(() => answerFrom(damaged)).toThrow(StoredDataError);
    expect(() => answerFrom(damaged)).toThrow(
      /^the critique \(column critique_json\) of the answer to r0 pass 1 path 0\.1 in run run-x is not what augcon stored: faithful: /,
    );
    expect(() => answerFrom(answerRow('{"faithful":'))).toThrow(/^the critique \(column critique_json\) of the answer to r0 pass 1 path 0\.1 in run run-x: not valid JSON/);
  });
});
