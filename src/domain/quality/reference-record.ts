/**
 * One line of a reference-questions JSONL file (human-written questions to compare against):
 * {"docId"?: string, "context"?: string, "question": string}, naming its document by docId or by
 * context text (at least one). Other fields (an answer, an id) are allowed and ignored.
 * `parseReferenceLine` turns a line into a record or a message naming the file, line and field.
 */
import { z } from 'zod';

export const ReferenceRecordSchema = z
  .object({
    docId: z.string().min(1, 'must not be empty').optional(),
    context: z.string().trim().min(1, 'must not be empty').optional(),
    question: z.string().trim().min(1, 'must not be empty'),
  })
  .refine((record) => record.docId !== undefined || record.context !== undefined, {
    message: 'name the document with "docId" or "context" (neither is present)',
    path: ['docId'],
  });

export type ReferenceRecord = z.output<typeof ReferenceRecordSchema>;

export type ReferenceLine = { kind: 'record'; record: ReferenceRecord } | { kind: 'blank' } | { kind: 'error'; message: string };

/** Parses line `lineNumber` (1-based) of `source`; blank lines are reported as such, not as errors. */
export function parseReferenceLine(line: string, lineNumber: number, source = 'references'): ReferenceLine {
  if (line.trim() === '') return { kind: 'blank' };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { kind: 'error', message: `${source} line ${lineNumber}: not JSON (${(error as Error).message})` };
  }
  const parsed = ReferenceRecordSchema.safeParse(value);
  if (parsed.success) return { kind: 'record', record: parsed.data };
  const problems = parsed.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`);
  return { kind: 'error', message: `${source} line ${lineNumber}: ${problems.join('; ')}` };
}
