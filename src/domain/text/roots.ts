/**
 * Stage 0: root contexts. A document is normalized into paragraphs (blank lines separate them; hard
 * line wraps inside a paragraph are joined), then whole sentences are packed greedily into roots of at
 * most `rootMaxChars` code points (scaled for non-CJK text), across consecutive paragraphs of the same
 * document. A sentence longer than the limit is cut at a clause or word boundary. Every root is a
 * contiguous slice of the normalized text, so its offsets map back to it; no root is ever empty.
 */
import { codePointLength } from './length';
import { detectScript, lengthScaleFor, localeFor, type Script } from './script';
import { cutRange, sentenceRanges, type Range } from './sentences';

export interface RootSettings {
  /** @default 500 (CJK characters; scaled for other scripts) */
  rootMaxChars: number;
  /** Paragraphs of at most this many characters (scaled) are dropped and counted. 0 keeps all. @default 0 */
  minParagraphChars: number;
  /** @default 3 */
  latinScale: number;
}

export const DEFAULT_ROOT_SETTINGS: RootSettings = { rootMaxChars: 500, minParagraphChars: 0, latinScale: 3 };

export interface RootContext {
  index: number;
  text: string;
  /** Code point offsets into the normalized document text: [startOffset, endOffset). */
  startOffset: number;
  endOffset: number;
  chars: number;
}

export interface DocumentRoots {
  /** The document text the offsets refer to: paragraphs joined by a blank line. */
  normalizedText: string;
  script: Script;
  lengthScale: number;
  roots: RootContext[];
  /** Paragraphs dropped as too short (minParagraphChars). */
  droppedParagraphs: number;
}

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/** Joins the lines of a hard-wrapped paragraph: with a space, or with nothing between CJK characters. */
function unwrapLines(paragraph: string): string {
  const lines = paragraph.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  let joined = lines[0] ?? '';
  for (const line of lines.slice(1)) {
    const cjkJoin = CJK_CHAR.test(joined.at(-1) ?? '') && CJK_CHAR.test(line[0] ?? '');
    joined += cjkJoin ? line : ` ${line}`;
  }
  return joined;
}

export function normalizeParagraphs(text: string): string[] {
  return text
    .split(/\n[^\S\n]*\n/u)
    .map(unwrapLines)
    .filter((paragraph) => paragraph.length > 0);
}

export function buildRootContexts(documentText: string, settings: RootSettings = DEFAULT_ROOT_SETTINGS): DocumentRoots {
  const paragraphs = normalizeParagraphs(documentText);
  const normalizedText = paragraphs.join('\n\n');
  const script = detectScript(normalizedText);
  const lengthScale = lengthScaleFor(script, settings.latinScale);
  const locale = localeFor(script);
  const maxChars = Math.max(1, Math.round(settings.rootMaxChars * lengthScale));
  const minParagraph = Math.round(settings.minParagraphChars * lengthScale);

  // Sentence ranges in the normalized text; `null` marks a dropped paragraph no root may span.
  const units: (Range | null)[] = [];
  let droppedParagraphs = 0;
  let offset = 0;
  for (const paragraph of paragraphs) {
    if (minParagraph > 0 && codePointLength(paragraph) <= minParagraph) {
      droppedParagraphs += 1;
      units.push(null);
    } else {
      for (const [start, end] of sentenceRanges(paragraph, locale)) {
        const absolute: Range = [offset + start, offset + end];
        if (codePointLength(paragraph.slice(start, end)) <= maxChars) units.push(absolute);
        else units.push(...cutRange(normalizedText, absolute[0], absolute[1], maxChars, locale));
      }
    }
    offset += paragraph.length + 2;
  }

  const ranges: Range[] = [];
  let current: Range | undefined;
  for (const unit of units) {
    if (unit === null) {
      if (current) ranges.push(current);
      current = undefined;
      continue;
    }
    if (current && codePointLength(normalizedText.slice(current[0], unit[1])) <= maxChars) {
      current = [current[0], unit[1]];
    } else {
      if (current) ranges.push(current);
      current = unit;
    }
  }
  if (current) ranges.push(current);

  // Code point offsets, counted once along the text.
  let unitCursor = 0;
  let pointCursor = 0;
  const toPoints = (unitOffset: number) => {
    pointCursor += codePointLength(normalizedText.slice(unitCursor, unitOffset));
    unitCursor = unitOffset;
    return pointCursor;
  };
  const roots = ranges.map(([start, end], index) => {
    const text = normalizedText.slice(start, end);
    const startOffset = toPoints(start);
    const endOffset = toPoints(end);
    return { index, text, startOffset, endOffset, chars: endOffset - startOffset };
  });
  return { normalizedText, script, lengthScale, roots, droppedParagraphs };
}
