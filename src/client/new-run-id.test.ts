import { runNameProblem } from '../domain/run-name';
import { newRunId } from './augcon-client';

describe('newRunId', () => {
  it('makes default run names without colons that pass the run name rule, so they name a run directory on every system', () => {
    for (const id of [newRunId(new Date('2026-12-04T13:15:09.123Z')), newRunId(new Date('2026-12-04T13:15:09Z'), 'augcon-demo', 'a1b2c3')]) {
      expect({ id, colon: id.includes(':'), problem: runNameProblem(id) }).toEqual({ id, colon: false, problem: undefined });
    }
    expect(newRunId(new Date('2026-12-04T13:15:09Z'), 'augcon-demo', 'a1b2c3')).toBe('augcon-demo-20261204-131509-a1b2c3');
  });
});
