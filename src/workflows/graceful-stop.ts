/**
 * The LLM side of a graceful stop (`augcon stop`), in every workflow that makes LLM calls or starts
 * children that do. Work in flight finishes as before (a CST root's whole tree, a root's answers),
 * but nothing is retried any more:
 * - a call that waits to retry, or is retrying, is cancelled at once;
 * - a call whose first attempt is in flight finishes, and its reply is stored and used (the activity
 *   side of this rule: src/activities/llm-call-signal.ts); if that attempt fails it is not retried;
 * - a call started after the stop gets a single attempt;
 * - child workflows in flight hear the stop too (a CST root passes it on to its subtrees).
 * LLM activities are scheduled with WAIT_CANCELLATION_COMPLETED (activity-proxies.ts), so a cancelled
 * call's first attempt still reports its result to the workflow.
 */
import { CancellationScope, defineSignal, isCancellation, setHandler, type ChildWorkflowHandle, type Workflow, type WorkflowResultType } from '@temporalio/workflow';

/** Graceful stop: start nothing new, let work in flight finish, export what is done. */
export const stopSignal = defineSignal('stop');

/** The same LLM activities twice: with the run's retry policy, and with a single attempt (after a stop). */
export interface StoppableActivities<A> {
  retrying: A;
  once: A;
}

export class GracefulStop {
  /** One scope per call in flight with retries: the stop cancels them. */
  private readonly retryingCalls = new Set<CancellationScope>();
  /** How to tell each child workflow in flight. */
  private readonly children = new Set<() => void>();
  private stopRequested = false;

  /** A stop for a workflow without RunControl (CST root and subtree workflows; RunControl owns one): it listens to the stop signal itself. */
  static listening(): GracefulStop {
    const stop = new GracefulStop();
    setHandler(stopSignal, () => stop.stop());
    return stop;
  }

  get stopped(): boolean {
    return this.stopRequested;
  }

  /** Makes an LLM call: with retries until the stop (which cancels them), with one attempt after it. */
  call<A, T>(activities: StoppableActivities<A>, invoke: (activities: A) => Promise<T>): Promise<T> {
    if (this.stopRequested) return invoke(activities.once);
    const scope = new CancellationScope();
    this.retryingCalls.add(scope);
    return scope.run(() => invoke(activities.retrying)).finally(() => this.retryingCalls.delete(scope));
  }

  /** True when `error` ends a call this stop cancelled, not a cancellation of the workflow itself. */
  ended(error: unknown): boolean {
    return this.stopRequested && isCancellation(error) && !CancellationScope.current().consideredCancelled;
  }

  /** Waits for a started child workflow's result; a stop while it runs is passed on to it. */
  async child<T extends Workflow>(started: Promise<ChildWorkflowHandle<T>>): Promise<WorkflowResultType<T>> {
    const handle = await started;
    // Best effort: a child that has just completed cannot hear it, and needs not.
    const child = () => void handle.signal(stopSignal).catch(() => undefined);
    this.children.add(child);
    if (this.stopRequested) child();
    try {
      return await handle.result();
    } finally {
      this.children.delete(child);
    }
  }

  stop(): void {
    if (this.stopRequested) return;
    this.stopRequested = true;
    for (const scope of this.retryingCalls) scope.cancel();
    for (const child of this.children) child();
  }
}
