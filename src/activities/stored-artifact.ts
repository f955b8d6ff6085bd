/**
 * A run's stored artifacts read back through their schemas. A damaged artifact fails naming the
 * artifact, the run and the field, and is not retried: another attempt would read the same bytes.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { parseStoredJson, StoredDataError } from '../domain/stored-json';
import type { RunStore } from '../store/run-store';

/** Artifact `name` of `runName` parsed by `schema`; undefined when the run has none. */
export async function readStoredArtifact<Schema extends z.ZodType>(
  store: Pick<RunStore, 'getArtifact'>,
  schema: Schema,
  runName: string,
  name: string,
): Promise<z.output<Schema> | undefined> {
  const json = await store.getArtifact(runName, name);
  if (json === undefined) return undefined;
  return parseStoredArtifactText(schema, json, `artifact ${name} of run ${runName}`);
}

/** Like readStoredArtifact, for an artifact the run must have: a missing one fails with RunNotFound (`missing` says what it is). */
export async function requireStoredArtifact<Schema extends z.ZodType>(
  store: Pick<RunStore, 'getArtifact'>,
  schema: Schema,
  runName: string,
  name: string,
  missing = `no ${name} in the store yet`,
): Promise<z.output<Schema>> {
  const json = await store.getArtifact(runName, name);
  if (json === undefined) throw ApplicationFailure.nonRetryable(`run ${runName} has ${missing}`, 'RunNotFound');
  return parseStoredArtifactText(schema, json, `artifact ${name} of run ${runName}`);
}

/** parseStoredJson for an activity: its StoredDataError becomes a non-retryable failure of that type. */
export function parseStoredArtifactText<Schema extends z.ZodType>(schema: Schema, json: string, what: string): z.output<Schema> {
  try {
    return parseStoredJson(schema, json, what);
  } catch (error) {
    if (error instanceof StoredDataError) throw ApplicationFailure.nonRetryable(error.message, 'StoredDataError');
    throw error;
  }
}
