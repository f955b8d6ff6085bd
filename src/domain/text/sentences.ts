/**
 * Sentences with Intl.Segmenter (every language, unlike the authors' Chinese-only splitter), and
 * cutting of a sentence longer than a limit at the nearest clause boundary, else word boundary,
 * else (a single unbroken word) at the limit itself. Never returns an empty piece.
 */

const sentenceSegmenters = new Map<string, Intl.Segmenter>();
const wordSegmenters = new Map<string, Intl.Segmenter>();

function segmenter(cache: Map<string, Intl.Segmenter>, locale: string, granularity: 'sentence' | 'word'): Intl.Segmenter {
  let found = cache.get(locale);
  if (!found) {
    found = new Intl.Segmenter(locale, { granularity });
    cache.set(locale, found);
  }
  return found;
}

/** A half-open UTF-16 range [start, end) of a text. */
export type Range = [start: number, end: number];

/** Trims a range of `text` to exclude white space at both ends; undefined if nothing is left. */
function trimRange(text: string, start: number, end: number): Range | undefined {
  while (start < end && /\s/u.test(text[start]!)) start += 1;
  while (end > start && /\s/u.test(text[end - 1]!)) end -= 1;
  return end > start ? [start, end] : undefined;
}

/** Sentence ranges of `text`, white space trimmed, empty ones skipped. */
export function sentenceRanges(text: string, locale: string): Range[] {
  const ranges: Range[] = [];
  for (const { segment, index } of segmenter(sentenceSegmenters, locale, 'sentence').segment(text)) {
    const range = trimRange(text, index, index + segment.length);
    if (range) ranges.push(range);
  }
  return ranges;
}

export function splitSentences(text: string, locale: string): string[] {
  return sentenceRanges(text, locale).map(([start, end]) => text.slice(start, end));
}

const CLAUSE_END = /[,;:，；：、]/u;

/**
 * Where to cut `window` (the next maxChars code points; `lookahead` is the text right after it):
 * after the last clause mark in its second half, else at the last word boundary, else -1.
 */
function breakIndex(window: string, lookahead: string, locale: string): number {
  for (let index = window.length - 1; index >= window.length / 2; index -= 1) {
    if (CLAUSE_END.test(window[index]!)) return index + 1;
  }
  let word = -1;
  for (const { index } of segmenter(wordSegmenters, locale, 'word').segment(window + lookahead)) {
    if (index > window.length) break;
    if (index > 0) word = index;
  }
  return word;
}

/**
 * Cuts the range [from, to) of `text` into ranges of at most `maxChars` code points, in time linear
 * in its length, preferring clause then word boundaries.
 */
export function cutRange(text: string, from: number, to: number, maxChars: number, locale: string): Range[] {
  const ranges: Range[] = [];
  const push = (start: number, end: number) => {
    const range = trimRange(text, start, end);
    if (range) ranges.push(range);
  };
  let start = from;
  while (start < to) {
    let end = start;
    for (let count = 0; end < to && count < maxChars; count += 1) end += text.codePointAt(end)! > 0xffff ? 2 : 1;
    if (end >= to) {
      push(start, to);
      break;
    }
    let cut = breakIndex(text.slice(start, end), text.slice(end, Math.min(to, end + 32)), locale);
    if (cut <= 0) cut = end - start;
    push(start, start + cut);
    start += cut;
  }
  return ranges;
}

export function cutLongSentence(sentence: string, maxChars: number, locale: string): string[] {
  return cutRange(sentence, 0, sentence.length, maxChars, locale).map(([start, end]) => sentence.slice(start, end));
}
