/**
 * .md: plain text from markdown-it's tokens. Headings, paragraphs, list items, quotes and table cells
 * keep their text (one paragraph each); code blocks and HTML blocks are dropped; links keep their text.
 */
import MarkdownIt from 'markdown-it';
import { decodeText } from '../decode';
import type { Reader } from './reader';

const markdown = new MarkdownIt({ html: true });

export function markdownToText(source: string): string {
  const paragraphs: string[] = [];
  let row: string[] | undefined;
  for (const token of markdown.parse(source, {})) {
    if (token.type === 'tr_open') row = [];
    else if (token.type === 'tr_close') {
      if (row && row.length > 0) paragraphs.push(row.join(' | '));
      row = undefined;
    } else if (token.type === 'inline') {
      const text = (token.children ?? [])
        .map((child) => (child.type === 'text' || child.type === 'code_inline' ? child.content : child.type === 'softbreak' || child.type === 'hardbreak' ? '\n' : ''))
        .join('')
        .trim();
      if (text.length === 0) continue;
      if (row) row.push(text);
      else paragraphs.push(text);
    }
  }
  return paragraphs.join('\n\n');
}

export const readMarkdown: Reader = async (path, bytes) => {
  const decoded = decodeText(path, bytes);
  if (!decoded.ok) return { records: [], diagnostics: [decoded.diagnostic] };
  return { records: [{ idSuffix: '', text: markdownToText(decoded.text) }], diagnostics: decoded.warnings };
};
