/**
 * Puts the run's name on every log line of an activity (the SDK's own "Activity started/completed/
 * failed" lines and everything the activity logs through its context logger), next to the workflowId,
 * activityType and attempt that Temporal already attaches. Every augcon activity takes one input object
 * with a `runName` field (src/activities/contracts.ts); the name is read from it, nothing else is.
 */
import type { Context as ActivityContext } from '@temporalio/activity';
import type { ActivityInterceptors, ActivityInterceptorsFactory } from '@temporalio/worker';

/** Run names are identifiers; anything else found in the field is not logged. */
const RUN_NAME = /^[\w.:/-]{1,200}$/;

export function runNameOf(args: readonly unknown[]): string | undefined {
  const first = args[0];
  if (first === null || typeof first !== 'object' || !('runName' in first)) return undefined;
  const runName = first.runName;
  return typeof runName === 'string' && RUN_NAME.test(runName) ? runName : undefined;
}

export const runNameLogAttributes: ActivityInterceptorsFactory = (_context: ActivityContext): ActivityInterceptors => {
  let runName: string | undefined;
  return {
    inbound: {
      async execute(input, next) {
        runName = runNameOf(input.args);
        return next(input);
      },
    },
    outbound: {
      getLogAttributes(input, next) {
        return next(runName === undefined ? input : { runName, ...input });
      },
    },
  };
};
