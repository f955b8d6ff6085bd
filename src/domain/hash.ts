/**
 * Content hashes and stable ids (sha256). Uses node:crypto, so workflow code must not import it
 * (the lint rule says so); activities compute hashes and hand them to workflows.
 */
import { createHash } from 'node:crypto';

export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A 16-hex-character id from parts joined unambiguously. */
export function shortId(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u001f'), 'utf8').digest('hex').slice(0, 16);
}
