import type { CallRecord } from '../../src/standin/server';

/** The most calls the endpoint was serving at one moment. */
export function peakConcurrency(calls: readonly CallRecord[]): number {
  const events = calls.flatMap((call) => [
    { at: call.startedAt, delta: 1 },
    { at: call.endedAt ?? Number.POSITIVE_INFINITY, delta: -1 },
  ]);
  // At the same millisecond an end comes before a start: the client sent the next call after the reply.
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let peak = 0;
  for (const { delta } of events) {
    current += delta;
    peak = Math.max(peak, current);
  }
  return peak;
}
