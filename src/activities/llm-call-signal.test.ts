import { ActivityCancellationDetails } from '@temporalio/common';
import { abortsOnCancel } from './llm-call-signal';

describe('abortsOnCancel', () => {
  const requested = new ActivityCancellationDetails({ cancelRequested: true });

  it('lets a first attempt the workflow cancelled finish, so its paid reply is kept', () => {
    expect(abortsOnCancel(1, requested)).toBe(false);
  });

  it('aborts a retry the workflow cancelled', () => {
    expect(abortsOnCancel(2, requested)).toBe(true);
    expect(abortsOnCancel(7, requested)).toBe(true);
  });

  it.each([
    ['its worker shuts down', { workerShutdown: true }],
    ['the server timed it out', { timedOut: true }],
    ['the server no longer knows it', { notFound: true }],
    ['an operator paused it', { cancelRequested: true, paused: true }],
    ['an operator reset it', { cancelRequested: true, reset: true }],
  ])('aborts a first attempt at once when %s', (_, options) => {
    expect(abortsOnCancel(1, new ActivityCancellationDetails(options))).toBe(true);
  });

  it('aborts when no reason is known', () => {
    expect(abortsOnCancel(1, undefined)).toBe(true);
  });
});
