/**
 * The corpus total of characters not kept as text (DroppedChars), kept in the run store as an
 * artifact by the ingest activity and read back by the manifest and the report.
 */
import type { RunStore } from '../store/run-store';
import { DroppedCharsSchema, type DroppedChars } from './dropped';

export const DROPPED_CHARS_ARTIFACT = 'ingest/dropped-chars';

/** {} for a run ingested before the total was kept. */
export async function readDroppedChars(store: Pick<RunStore, 'getArtifact'>, runName: string): Promise<DroppedChars> {
  const json = await store.getArtifact(runName, DROPPED_CHARS_ARTIFACT);
  if (json === undefined) return {};
  const parsed = DroppedCharsSchema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`run ${runName}: the stored ${DROPPED_CHARS_ARTIFACT} is not a map of characters by reason`);
  return parsed.data;
}
