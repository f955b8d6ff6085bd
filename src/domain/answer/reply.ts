/**
 * Small helpers shared by the answer, judge and critique prompts: tagged sections in user messages
 * (written by the builders, read back by the `describe*` functions the stand-in uses) and the JSON
 * object inside a model reply (code fences and chatter around it tolerated).
 */
import type { z } from 'zod';
import type { ChatMessage } from '../chat';
import { parseJson, type ParseResult } from '../cst/parse';

export function tagged(tag: string, body: string): string {
  return `<${tag}>\n${body}\n</${tag}>`;
}

/**
 * The body of the last `<tag>...</tag>` section of `text` that ends at or before `before`, or
 * undefined. The last occurrence is used so that a tag quoted inside an earlier section does not
 * confuse the reader; sections are written in a fixed order by the builders.
 */
export function readTagged(text: string, tag: string, before = text.length): { body: string; start: number } | undefined {
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  const end = text.lastIndexOf(close, before);
  if (end < 0) return undefined;
  const start = text.lastIndexOf(open, end);
  if (start < 0) return undefined;
  const body = text.slice(start + open.length, end).replace(/^\n/, '').replace(/\n$/, '');
  return { body, start };
}

/** Reads the tagged sections of a user message in order, each before the next one. */
export function readSections(text: string, tags: readonly string[]): string[] | undefined {
  const bodies: string[] = [];
  let before = text.length;
  for (const tag of [...tags].reverse()) {
    const section = readTagged(text, tag, before);
    if (!section) return undefined;
    bodies.unshift(section.body);
    before = section.start;
  }
  return bodies;
}

export function systemText(messages: readonly ChatMessage[]): string {
  return messages.find((message) => message.role === 'system')?.content ?? '';
}

export function lastUserText(messages: readonly ChatMessage[]): string | undefined {
  return [...messages].reverse().find((message) => message.role === 'user')?.content;
}

export function stripCodeFence(text: string): string {
  const fenced = /^```[a-zA-Z]*\s*\n([\s\S]*?)\n?```\s*$/.exec(text.trim());
  return fenced?.[1] ?? text.trim();
}

/** The outermost JSON object of a reply, parsed but not yet validated. */
export function replyJsonObject(text: string): ParseResult<unknown> {
  const body = stripCodeFence(text);
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start < 0 || end <= start) return { ok: false, reason: 'no JSON object in the reply' };
  return parseJson(body.slice(start, end + 1));
}

export function describeZodIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}
