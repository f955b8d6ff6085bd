/**
 * Sampling seeds: every LLM sample of a run is seeded from (run seed, root, pass, node path, attempt),
 * so a rerun with the same seed asks the same questions, and each parse retry is a fresh sample.
 * FNV-1a (32 bit) in plain TypeScript: deterministic and usable from workflow code.
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export interface SampleKey {
  runSeed: number;
  rootId: string;
  pass: number;
  path: string;
  attempt: number;
  /** Distinguishes prompt variants of the same node (e.g. the scorer's weakened prompts). */
  variant?: string;
}

export function sampleSeed(key: SampleKey): number {
  const text = [key.runSeed, key.rootId, key.pass, key.path, key.attempt, key.variant ?? 'cst'].join('\u001f');
  return fnv1a32(text) & 0x7fffffff;
}
