/**
 * .html: readable text through html-to-text (see html-text.ts); link targets are dropped silently
 * (they are markup), scripts, styles, navigation and image alt text are dropped and counted.
 */
import { decodeText } from '../decode';
import { htmlToText } from './html-text';
import type { Reader } from './reader';

export const readHtml: Reader = async (path, bytes) => {
  const decoded = decodeText(path, bytes);
  if (!decoded.ok) return { records: [], diagnostics: [decoded.diagnostic] };
  const { text, dropped } = htmlToText(decoded.text);
  return { records: [{ idSuffix: '', text, dropped }], diagnostics: decoded.warnings };
};
