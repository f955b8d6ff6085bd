import { runNameOf } from './activity-log-attributes';

describe('runNameOf', () => {
  it('reads the runName of an activity input', () => {
    expect(runNameOf([{ runName: 'run-2024-01', other: 1 }])).toBe('run-2024-01');
    expect(runNameOf([{ runName: 'demo/answers' }])).toBe('demo/answers');
  });

  it('ignores inputs without one, and anything that is not a run name', () => {
    expect(runNameOf([])).toBeUndefined();
    expect(runNameOf(['text'])).toBeUndefined();
    expect(runNameOf([{ runName: 42 }])).toBeUndefined();
    expect(runNameOf([{ runName: 'has spaces and "quotes"' }])).toBeUndefined();
    expect(runNameOf([{ runName: 'x'.repeat(201) }])).toBeUndefined();
  });
});
