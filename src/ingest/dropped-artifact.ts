/**
 * The corpus total of characters not kept as text (DroppedChars), kept in the run store as an
 * artifact by the ingest activity and read back by the manifest and the report.
 */
import { parseStoredJson } from '../domain/stored-json';
import type { RunStore } from '../store/run-store';
import { DroppedCharsSchema, type DroppedChars } from './dropped';

export const DROPPED_CHARS_ARTIFACT = 'ingest/dropped-chars';

/** {} for a run ingested before the total was kept. */
export async function readDroppedChars(store: Pick<RunStore, 'getArtifact'>, runName: string): Promise<DroppedChars> {
  const json = await store.getArtifact(runName, DROPPED_CHARS_ARTIFACT);
  if (json === undefined) return {};
  return parseStoredJson(DroppedCharsSchema, json, `artifact ${DROPPED_CHARS_ARTIFACT} of run ${runName} (characters not kept, by reason)`);
}
