/**
 * .md: plain text from markdown-it's tokens. Headings, paragraphs, list items, quotes and table cells
 * keep their text (one paragraph each), links keep their text. HTML blocks are converted to text (the
 * prose of an `<aside>` stays; the markup is counted as dropped). Code blocks are dropped and counted,
 * or kept as text with `corpus.codeBlocks: "keep"`. Front matter becomes metadata, never prose.
 * Image alt text and inline HTML tags are counted as dropped.
 */
import MarkdownIt from 'markdown-it';
import { codePointLength } from '../../domain/text/length';
import { decodeText } from '../decode';
import { addDropped, mergeDropped, type DroppedChars } from '../dropped';
import { splitFrontMatter } from './front-matter';
import { htmlToText } from './html-text';
import type { CodeBlocks, DocumentRecord, Reader } from './reader';

const markdown = new MarkdownIt({ html: true });
type Token = ReturnType<MarkdownIt['parse']>[number];

export interface MarkdownText {
  text: string;
  dropped: DroppedChars;
  metadata?: Record<string, string>;
}

function inlineText(token: Token, dropped: DroppedChars): string {
  let text = '';
  for (const child of token.children ?? []) {
    if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') text += '\n';
    else if (child.type === 'image') addDropped(dropped, 'image-alt', codePointLength(child.content));
    else if (child.type === 'html_inline') addDropped(dropped, 'html-markup', codePointLength(child.content));
  }
  return text.trim();
}

/** The HTML block's text; what html-to-text did not keep and no other reason explains is markup. */
function htmlBlockText(html: string, dropped: DroppedChars): string {
  const converted = htmlToText(html);
  const explained = Object.values(converted.dropped).reduce((sum, chars) => sum + chars, 0);
  mergeDropped(dropped, converted.dropped);
  addDropped(dropped, 'html-markup', codePointLength(html) - codePointLength(converted.text) - explained);
  return converted.text.trim();
}

export function markdownToText(source: string, codeBlocks: CodeBlocks = 'drop'): MarkdownText {
  const dropped: DroppedChars = {};
  const frontMatter = splitFrontMatter(source);
  if (frontMatter) addDropped(dropped, 'front-matter', frontMatter.chars);
  const paragraphs: string[] = [];
  let row: string[] | undefined;
  for (const token of markdown.parse(frontMatter?.body ?? source, {})) {
    let text = '';
    if (token.type === 'tr_open') row = [];
    else if (token.type === 'tr_close') {
      if (row && row.length > 0) paragraphs.push(row.join(' | '));
      row = undefined;
    } else if (token.type === 'inline') text = inlineText(token, dropped);
    else if (token.type === 'html_block') text = htmlBlockText(token.content, dropped);
    else if (token.type === 'fence' || token.type === 'code_block') {
      if (codeBlocks === 'keep') text = token.content.trimEnd();
      else addDropped(dropped, 'code-block', codePointLength(token.content.trimEnd()));
    }
    if (text.length === 0) continue;
    if (row) row.push(text);
    else paragraphs.push(text);
  }
  return { text: paragraphs.join('\n\n'), dropped, ...(frontMatter ? { metadata: frontMatter.metadata } : {}) };
}

export const readMarkdown: Reader = async (path, bytes, settings) => {
  const decoded = decodeText(path, bytes);
  if (!decoded.ok) return { records: [], diagnostics: [decoded.diagnostic] };
  const { text, dropped, metadata } = markdownToText(decoded.text, settings.codeBlocks);
  const record: DocumentRecord = { idSuffix: '', text, dropped, ...(metadata ? { metadata } : {}) };
  return { records: [record], diagnostics: decoded.warnings };
};
