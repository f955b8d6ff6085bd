/**
 * Runs a task on every item, at most `limit` at once, in the items' order. A failure starts nothing
 * more, lets the tasks already running finish (each stores its own result), then is rethrown.
 * Hand-written rather than p-limit: p-limit is ESM-only and this package compiles to CommonJS.
 */
export async function eachAtMost<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next]!;
      next += 1;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw failure.error;
}
