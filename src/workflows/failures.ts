import { ApplicationFailure, TemporalFailure } from '@temporalio/workflow';

/** The ApplicationFailure type at the bottom of a failure chain (activity -> child workflow -> ...). */
export function rootFailureType(error: unknown): string | undefined {
  let current: unknown = error;
  let type: string | undefined;
  while (current instanceof TemporalFailure) {
    if (current instanceof ApplicationFailure && current.type) type = current.type;
    current = current.cause;
  }
  return type;
}

export { innermostMessage as rootFailureMessage } from '../domain/failure-message';
