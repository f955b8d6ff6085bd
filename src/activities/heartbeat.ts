import { Context } from '@temporalio/activity';

/**
 * Heartbeats while a long await is pending, so a worker that dies mid-call is noticed after the
 * heartbeat timeout instead of the whole start-to-close timeout. The SDK throttles the RPCs.
 */
export async function heartbeatWhile<T>(work: Promise<T>, details?: unknown, intervalMs = 2000): Promise<T> {
  const context = Context.current();
  context.heartbeat(details);
  const timer = setInterval(() => context.heartbeat(details), intervalMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
