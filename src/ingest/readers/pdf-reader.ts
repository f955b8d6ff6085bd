/** .pdf: the text of every page through unpdf (pdf.js), pages separated by a blank line. */
import { extractText, getDocumentProxy } from 'unpdf';
import { error } from '../diagnostics';
import type { Reader } from './reader';

export const readPdf: Reader = async (path, bytes) => {
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { text } = await extractText(pdf, { mergePages: false });
    return { records: [{ idSuffix: '', text: text.map((page) => page.trim()).join('\n\n').normalize('NFC'), dropped: {} }], diagnostics: [] };
  } catch (cause) {
    return { records: [], diagnostics: [error(path, 'unreadable-document', `${path} cannot be read as a PDF: ${(cause as Error).message}`)] };
  }
};
