/**
 * HTML to readable text through html-to-text (no word wrap, no input length cap, link targets
 * dropped), counting what is not kept: <script>/<style> content, <nav> text and image alt text.
 * Used for .html files and for the HTML blocks of markdown files.
 */
import { convert, type DomNode, type FormatCallback } from 'html-to-text';
import { codePointLength } from '../../domain/text/length';
import { addDropped, type DroppedChars, type DroppedReason } from '../dropped';

export interface HtmlText {
  text: string;
  dropped: DroppedChars;
}

function textLength(nodes: DomNode[]): number {
  return nodes.reduce((sum, node) => sum + (node.type === 'text' ? codePointLength(node.data ?? '') : textLength(node.children ?? [])), 0);
}

/** html-to-text never walks <script>/<style> (they are not "tag" nodes), so their content is counted on the source. */
function scriptAndStyleChars(html: string): number {
  let chars = 0;
  for (const match of html.matchAll(/<(script|style)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi)) chars += codePointLength(match[2]!);
  return chars;
}

export function htmlToText(html: string): HtmlText {
  const dropped: DroppedChars = {};
  const skipCounted =
    (reason: DroppedReason, count: (elem: DomNode) => number): FormatCallback =>
    (elem) =>
      addDropped(dropped, reason, count(elem));
  const text = convert(html, {
    wordwrap: false,
    limits: { maxInputLength: Number.MAX_SAFE_INTEGER },
    formatters: {
      skipImage: skipCounted('image-alt', (elem) => codePointLength(String(elem.attribs?.alt ?? ''))),
      skipNavigation: skipCounted('navigation', (elem) => textLength(elem.children ?? [])),
    },
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skipImage' },
      { selector: 'nav', format: 'skipNavigation' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'h4', options: { uppercase: false } },
      { selector: 'h5', options: { uppercase: false } },
      { selector: 'h6', options: { uppercase: false } },
      { selector: 'table', options: { uppercaseHeaderCells: false } },
    ],
  });
  addDropped(dropped, 'script-style', scriptAndStyleChars(html));
  return { text, dropped };
}
