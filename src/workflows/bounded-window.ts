/**
 * The one bounded window of every fan-out in the workflows (a pass's root workflows, the scorer's
 * negatives, self-improvement's example traces, the answers' roots): at most `size()` tasks at once,
 * waiting while the run is paused, starting nothing more once it stops or a task failed. The first
 * failure is rethrown once the tasks in flight have settled; a call that the graceful stop cancelled
 * is not a failure (the task is left undone). Each caller sizes its window by its own setting.
 */
import type { RunControl } from './run-control';

export class BoundedWindow {
  private inFlight = 0;
  private failure: { error: unknown } | undefined;
  private readonly running: Promise<void>[] = [];

  constructor(
    private readonly control: RunControl,
    private readonly size: () => number,
  ) {}

  /** Tasks started and not yet settled. */
  get active(): number {
    return this.inFlight;
  }

  /** A task failed: nothing more starts, and drain() rethrows the failure. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Waits for a free slot (and while paused), then starts `task`; false when nothing more may start. */
  async start(task: () => Promise<void>): Promise<boolean> {
    if (!(await this.control.mayStart(() => this.inFlight < this.size() || this.failed))) return false;
    if (this.failed) return false;
    this.inFlight += 1;
    this.running.push(
      task()
        .catch((error: unknown) => {
          if (!this.control.gracefulStop.ended(error)) this.failure ??= { error };
        })
        .finally(() => {
          this.inFlight -= 1;
        }),
    );
    return true;
  }

  /** Waits for every task started; rethrows the first failure. */
  async drain(): Promise<void> {
    await Promise.all(this.running);
    this.running.length = 0;
    if (this.failure) throw this.failure.error;
  }
}

/** Runs `task` for each item through one window of `size()`; stops starting on pause-then-stop or the first failure. */
export async function forEachBounded<T>(control: RunControl, size: () => number, items: Iterable<T>, task: (item: T) => Promise<void>): Promise<void> {
  const window = new BoundedWindow(control, size);
  for (const item of items) if (!(await window.start(() => task(item)))) break;
  await window.drain();
}
