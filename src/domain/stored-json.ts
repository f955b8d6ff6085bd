/**
 * Reading back JSON this project stored (run settings, artifacts, checkpoints, row columns): parsed
 * and checked against its schema, so a damaged or foreign value fails with what it is and what is
 * wrong, never as a cast that breaks later somewhere else.
 */
import type { z } from 'zod';
import { parseJson } from './cst/parse';

export class StoredDataError extends Error {
  override readonly name = 'StoredDataError';
}

/** `text` parsed as JSON and validated by `schema`; `what` names it in the error ("stored settings of run x"). */
export function parseStoredJson<Schema extends z.ZodType>(schema: Schema, text: string, what: string): z.output<Schema> {
  const json = parseJson(text);
  if (!json.ok) throw new StoredDataError(`${what}: ${json.reason}`);
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`);
    throw new StoredDataError(`${what} is not what augcon stored: ${issues.join('; ')}`);
  }
  return parsed.data;
}
