import { describe, expect, it } from '@jest/globals';
import { RunInputSchema, validateRunInput } from './run-input';
import {
  datasetNameProblem,
  RUN_NAME_MAX_LENGTH,
  runNameForWorkflowId,
  runNameInUseMessage,
  runNameProblem,
  RunNameSchema,
  SCHEDULED_SUFFIX_LENGTH,
} from './run-name';

describe('the run name rule', () => {
  it.each(['wiki-v1', 'augcon-20261126-030000-a1b2c3', 'A', '7', 'run_2.final', 'x'.repeat(RUN_NAME_MAX_LENGTH), 'a.b-c_d', 'console', 'con-1', 'lpt10'])(
    'allows %s',
    (name) => {
      expect(runNameProblem(name)).toBeUndefined();
      expect(RunNameSchema.safeParse(name).success).toBe(true);
    },
  );

  it.each([
    ['', 'it is empty'],
    ['../x', 'it contains a path separator'],
    ['../../x', 'it contains a path separator'],
    ['a/b', 'it contains a path separator'],
    ['a\\b', 'it contains a path separator'],
    ['/etc', 'it contains a path separator'],
    ['a..b', 'it contains ".."'],
    ['..', 'it contains ".."'],
    ['refresh-2026-11-26T03:00:00Z', 'it contains ":"'],
    ['C:x', 'it contains ":"'],
    ['.hidden', 'it starts with "."'],
    ['-flag', 'it starts with "-"'],
    ['with space', 'it contains " "'],
    ['tab\there', 'it contains "\\t"'],
    ['nul\u0000byte', 'it contains "\\u0000"'],
    ['ünïcode', 'it starts with "ü"'],
    ['run.', 'it ends with "."'],
    ['CON', 'it is a device name on Windows'],
    ['nul.txt', 'it is a device name on Windows'],
    ['com1', 'it is a device name on Windows'],
    ['x'.repeat(RUN_NAME_MAX_LENGTH + 1), `it has ${RUN_NAME_MAX_LENGTH + 1} characters`],
  ])('refuses %j: %s', (name, why) => {
    const problem = runNameProblem(name);
    expect(problem).toBe(`run name ${JSON.stringify(name)} is not allowed: ${why}; use 1 to 128 letters, digits, ".", "_" and "-", starting with a letter or digit and not ending with "."`);
  });

  it('shows a very long offending name shortened', () => {
    const problem = runNameProblem('y'.repeat(5000))!;
    expect(problem.length).toBeLessThan(400);
    expect(problem).toContain(`"${'y'.repeat(200)}…"`);
  });

  it('is the schema of RunInput.runName, with the offending name in the message', () => {
    expect(RunInputSchema.safeParse({ corpus: { paths: ['x'] }, runName: 'ok-name' }).success).toBe(true);
    const result = validateRunInput({ corpus: { paths: ['x'] }, runName: '../../x' });
    expect(result).toEqual({ ok: false, message: expect.stringContaining('run input: runName: run name "../../x" is not allowed: it contains a path separator') });
  });

  it('takes a scheduled run name from the workflow id without the colons of its start time', () => {
    expect(runNameForWorkflowId('wiki-2026-11-26T03:00:00Z')).toBe('wiki-20261126T030000Z');
    expect(runNameProblem(runNameForWorkflowId('wiki-2026-11-26T03:00:00Z'))).toBeUndefined();
    expect(runNameForWorkflowId('x'.repeat(111) + '-2026-11-26T03:00:00Z')).toHaveLength(RUN_NAME_MAX_LENGTH);
    // Any other id is left as it is: the rule then says what is wrong with it.
    for (const id of ['wiki-v1', 'a:b', '../x', 'wiki-2026-11-26T03:00:00.5Z', '2026-11-26T03:00:00Z']) expect(runNameForWorkflowId(id)).toBe(id);
  });

  it('keeps room in a dataset name for the start time of its scheduled runs', () => {
    const longest = 'd'.repeat(RUN_NAME_MAX_LENGTH - SCHEDULED_SUFFIX_LENGTH);
    expect(datasetNameProblem(longest)).toBeUndefined();
    expect(datasetNameProblem(`${longest}d`)).toBe(
      `dataset name "${longest}d" is not allowed: it has 112 characters; use 1 to 111 letters, digits, ".", "_" and "-", starting with a letter or digit and not ending with "."`,
    );
    expect(datasetNameProblem('a/b')).toContain('dataset name "a/b" is not allowed: it contains a path separator');
  });

  it('says who holds a name in use and how to replace it', () => {
    const message = runNameInUseMessage('wiki-v1', { workflowId: 'wiki-v1', createdAt: '2026-01-02T03:04:05.000Z' });
    expect(message).toContain('run name "wiki-v1" is already used by the run of workflow wiki-v1 (created 2026-01-02T03:04:05.000Z)');
    expect(message).toContain('--replace');
    expect(runNameInUseMessage('old', { createdAt: '2025-01-01T00:00:00Z' })).toContain('is already used by an earlier run');
  });
});
