import { eachAtMost } from './each-at-most';

/** A task whose calls are released one by one by the test, recording how many ran at once. */
function gatedTask() {
  const gates: (() => void)[] = [];
  let running = 0;
  const seen = { peak: 0, started: [] as number[], finished: [] as number[] };
  const task = async (item: number) => {
    running += 1;
    seen.peak = Math.max(seen.peak, running);
    seen.started.push(item);
    await new Promise<void>((resolve) => gates.push(resolve));
    running -= 1;
    seen.finished.push(item);
    if (item < 0) throw new Error(`item ${item} failed`);
  };
  const releaseAll = async () => {
    while (seen.finished.length < seen.started.length || gates.length > 0) {
      gates.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { task, seen, releaseAll };
}

describe('eachAtMost', () => {
  it('runs every item, never more than the limit at once, starting them in order', async () => {
    const { task, seen, releaseAll } = gatedTask();
    const done = eachAtMost([1, 2, 3, 4, 5, 6, 7], 3, task);
    await releaseAll();
    await done;
    expect(seen.peak).toBe(3);
    expect(seen.started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect([...seen.finished].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('after a failure starts nothing more, lets the running tasks finish, then rethrows it', async () => {
    const { task, seen, releaseAll } = gatedTask();
    const done = eachAtMost([1, -2, 3, 4, 5, 6], 3, task);
    const settled = done.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    await releaseAll();
    expect(await settled).toBe('item -2 failed');
    // 1, -2 and 3 were running; -2 failed first (released second), 1 had already made room for 4.
    expect(seen.started).toEqual([1, -2, 3, 4]);
    expect([...seen.finished].sort()).toEqual([-2, 1, 3, 4].sort());
  });

  it('with a limit of 1 runs the items one after another', async () => {
    const { task, seen, releaseAll } = gatedTask();
    const done = eachAtMost([1, 2, 3], 1, task);
    await releaseAll();
    await done;
    expect(seen.peak).toBe(1);
    expect(seen.finished).toEqual([1, 2, 3]);
  });

  it('does nothing for no items', async () => {
    const task = jest.fn(async () => undefined);
    await eachAtMost([], 4, task);
    expect(task).not.toHaveBeenCalled();
  });
});
