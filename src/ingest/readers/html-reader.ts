/** .html: readable text through html-to-text (no word wrap; images, link targets, scripts and styles dropped). */
import { convert } from 'html-to-text';
import { decodeText } from '../decode';
import type { Reader } from './reader';

const OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'nav', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'table', options: { uppercaseHeaderCells: false } },
  ],
};

export const readHtml: Reader = async (path, bytes) => {
  const decoded = decodeText(path, bytes);
  if (!decoded.ok) return { records: [], diagnostics: [decoded.diagnostic] };
  return { records: [{ idSuffix: '', text: convert(decoded.text, OPTIONS) }], diagnostics: decoded.warnings };
};
