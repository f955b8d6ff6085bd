/**
 * Parses a CST reply: the JSON object of structured output, or the authors' text format
 * ("Question: ... / Context 1: ... / Context 2: ..."). Both are validated with zod; a reply that is
 * neither gives a reason that is recorded if the node is finally dropped.
 */
import { z } from 'zod';

export const CstReplySchema = z.object({
  question: z.string().trim().min(1, 'question is empty'),
  context1: z.string().trim().min(1, 'context1 is empty'),
  context2: z.string().trim().min(1, 'context2 is empty'),
});
export type CstReply = z.infer<typeof CstReplySchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** JSON.parse that returns a result instead of throwing. */
export function parseJson(text: string): ParseResult<unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${(error as Error).message})` };
  }
}

function stripCodeFence(text: string): string {
  const fenced = /^```[a-zA-Z]*\s*\n([\s\S]*?)\n?```\s*$/.exec(text.trim());
  return fenced?.[1] ?? text.trim();
}

function parseJsonReply(text: string): ParseResult<CstReply> {
  const body = stripCodeFence(text);
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start < 0 || end <= start) return { ok: false, reason: 'no JSON object in the reply' };
  const json = parseJson(body.slice(start, end + 1));
  if (!json.ok) return json;
  const checked = CstReplySchema.safeParse(json.value);
  if (!checked.success) {
    const issues = checked.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return { ok: false, reason: `JSON reply does not match {question, context1, context2}: ${issues.join('; ')}` };
  }
  return { ok: true, value: checked.data };
}

const TEXT_LABELS = {
  question: String.raw`(?:Question|问题)`,
  context1: String.raw`(?:Context\s*1|上下文\s*1)`,
  context2: String.raw`(?:Context\s*2|上下文\s*2)`,
};

function parseTextReply(text: string): ParseResult<CstReply> {
  const pattern = new RegExp(
    String.raw`${TEXT_LABELS.question}\s*[:：]\s*([\s\S]*?)\n\s*${TEXT_LABELS.context1}\s*[:：]\s*([\s\S]*?)\n\s*${TEXT_LABELS.context2}\s*[:：]\s*([\s\S]*)$`,
    'i',
  );
  const match = pattern.exec(stripCodeFence(text));
  if (!match) return { ok: false, reason: 'reply has neither a JSON object nor the lines "Question:", "Context 1:", "Context 2:"' };
  const checked = CstReplySchema.safeParse({ question: match[1], context1: match[2], context2: match[3] });
  if (!checked.success) {
    return { ok: false, reason: `text reply: ${checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}` };
  }
  return { ok: true, value: checked.data };
}

/**
 * Tries the format the reply looks like first, then the other: models asked for text sometimes answer
 * JSON and vice versa. An empty reply is never accepted.
 */
export function parseEitherFormat<R extends { ok: boolean }>(text: string, parseJsonFormat: (text: string) => R, parseTextFormat: (text: string) => R, empty: R): R {
  const trimmed = text.trim();
  if (trimmed.length === 0) return empty;
  const looksJson = stripCodeFence(trimmed).startsWith('{');
  const first = looksJson ? parseJsonFormat(trimmed) : parseTextFormat(trimmed);
  if (first.ok) return first;
  const second = looksJson ? parseTextFormat(trimmed) : parseJsonFormat(trimmed);
  return second.ok ? second : first;
}

export function parseCstReply(text: string): ParseResult<CstReply> {
  return parseEitherFormat<ParseResult<CstReply>>(text, parseJsonReply, parseTextReply, { ok: false, reason: 'empty reply' });
}
