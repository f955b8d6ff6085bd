/**
 * Claiming a run name for one workflow execution. The ingest activity calls it first: a name no run
 * holds is claimed; a name the same execution holds (a retried ingest, a reset) is claimed again; a
 * name another run holds is refused, or with `replace` that run's rows are deleted and the name taken.
 */
import type { RunOwner, RunRow, RunStore } from './run-store';

export type RunClaim =
  | { claimed: true; as: 'new' | 'again' | 'replaced' }
  /** Another run holds the name (absent holder: it was deleted while we looked; try again). */
  | { claimed: false; holder: RunRow | undefined };

export const sameOwner = (a: RunOwner | undefined, b: RunOwner): boolean =>
  a !== undefined && a.workflowId === b.workflowId && a.firstExecutionRunId === b.firstExecutionRunId;

export async function claimRun(
  store: RunStore,
  run: RunRow & { owner: RunOwner },
  options: { replace: boolean; /** Runs before the earlier run's rows are deleted (its run directory goes first). */ beforeDelete?: () => Promise<void> },
): Promise<RunClaim> {
  const existing = await store.getRun(run.runName);
  let as: 'new' | 'again' | 'replaced' = 'new';
  if (existing) {
    if (sameOwner(existing.owner, run.owner)) as = 'again';
    else if (!options.replace) return { claimed: false, holder: existing };
    else {
      // Directory first, rows second: a retry after a crash in between still finds the old row and replaces again.
      await options.beforeDelete?.();
      await store.deleteRun(run.runName);
      as = 'replaced';
    }
  }
  await store.putRun(run);
  // putRun leaves a row another execution owns alone: reading it back tells who won a race for the name.
  const holder = await store.getRun(run.runName);
  return holder && sameOwner(holder.owner, run.owner) ? { claimed: true, as } : { claimed: false, holder };
}
