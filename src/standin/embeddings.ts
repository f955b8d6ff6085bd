/** Deterministic stand-in embeddings: hashed word and character-trigram counts in 64 dimensions, unit length. */
import { fnv1a32 } from '../domain/cst/seed';

const DIMENSIONS = 64;
const words = new Intl.Segmenter('und', { granularity: 'word' });

export function embedText(text: string): number[] {
  const vector = new Array<number>(DIMENSIONS).fill(0);
  const add = (feature: string, weight: number) => {
    const hash = fnv1a32(feature);
    vector[hash % DIMENSIONS]! += hash & 0x80000000 ? -weight : weight;
  };
  const lower = text.toLowerCase();
  for (const segment of words.segment(lower)) if (segment.isWordLike) add(`w:${segment.segment}`, 1);
  const points = [...lower];
  for (let index = 0; index + 3 <= points.length; index += 1) add(`c:${points.slice(index, index + 3).join('')}`, 0.5);
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => Math.round((value / norm) * 1e6) / 1e6);
}
