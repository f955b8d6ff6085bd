/**
 * The characters of a source a reader recognized but did not turn into text, counted by reason, so
 * nothing vanishes without a word: each document gets one warning per reason (code `dropped-<reason>`)
 * and the counts travel as data (`DroppedChars`) to the corpus total the manifest and report show.
 * Characters are Unicode code points. Markdown and HTML syntax (`#`, `*`, link targets) is not
 * counted, except the markup of HTML blocks inside markdown, whose text is kept.
 */
import { z } from 'zod';
import { warning, type Diagnostic } from './diagnostics';

export const DROPPED_REASONS = ['code-block', 'html-markup', 'front-matter', 'image-alt', 'script-style', 'navigation'] as const;
export type DroppedReason = (typeof DROPPED_REASONS)[number];

/** Reason → characters not kept; a reason with nothing dropped is absent. */
export type DroppedChars = Partial<Record<DroppedReason, number>>;

/** The stored form of DroppedChars (validated when read back). */
export const DroppedCharsSchema = z.partialRecord(z.enum(DROPPED_REASONS), z.number().int().min(0));

/** What each reason's warning says was dropped, and what keeps it (if anything does). */
const EXPLANATIONS: Record<DroppedReason, { what: string; keep: string }> = {
  'code-block': { what: 'code blocks', keep: 'set corpus.codeBlocks to "keep" to keep them as text' },
  'html-markup': { what: 'HTML markup (tags, attributes, comments) in HTML blocks', keep: 'the text inside the blocks was kept; markup is never text' },
  'front-matter': { what: 'front matter', keep: 'it is read as metadata (title, ...), never as text' },
  'image-alt': { what: 'image alt text', keep: 'no setting keeps it' },
  'script-style': { what: '<script> and <style> content', keep: 'scripts and styles are never text' },
  navigation: { what: '<nav> navigation text', keep: 'site navigation is never text' },
};

/** What keeps each reason's characters as text, if anything does (for the report). */
export const DROPPED_KEEP_HINTS: Record<DroppedReason, string> = Object.fromEntries(DROPPED_REASONS.map((reason) => [reason, EXPLANATIONS[reason].keep])) as Record<DroppedReason, string>;

/** Adds `chars` (when positive) to `reason` in `into`. */
export function addDropped(into: DroppedChars, reason: DroppedReason, chars: number): void {
  if (chars > 0) into[reason] = (into[reason] ?? 0) + chars;
}

/** Adds every count of `from` into `into` (a corpus total from per-document counts). */
export function mergeDropped(into: DroppedChars, from: DroppedChars): void {
  for (const reason of DROPPED_REASONS) addDropped(into, reason, from[reason] ?? 0);
}

export function totalDropped(dropped: DroppedChars): number {
  return DROPPED_REASONS.reduce((sum, reason) => sum + (dropped[reason] ?? 0), 0);
}

/** One warning per reason, e.g. `guide.md: 1204 characters of code blocks were not kept as text; set ...`. */
export function droppedDiagnostics(docId: string, dropped: DroppedChars): Diagnostic[] {
  return DROPPED_REASONS.filter((reason) => (dropped[reason] ?? 0) > 0).map((reason) => {
    const { what, keep } = EXPLANATIONS[reason];
    const chars = dropped[reason]!;
    return { ...warning(docId, `dropped-${reason}`, `${docId}: ${chars} characters of ${what} were not kept as text; ${keep}`), chars };
  });
}

/** The corpus total from stored diagnostics (rows that kept `chars`), e.g. for the report. */
export function droppedFromDiagnostics(rows: readonly { code: string; chars?: number }[]): DroppedChars {
  const total: DroppedChars = {};
  for (const row of rows) {
    const reason = DROPPED_REASONS.find((candidate) => row.code === `dropped-${candidate}`);
    if (reason && row.chars !== undefined) addDropped(total, reason, row.chars);
  }
  return total;
}
