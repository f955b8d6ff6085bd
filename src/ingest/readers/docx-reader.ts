/** .docx: the document's raw text through mammoth (paragraphs separated by blank lines). */
import mammoth from 'mammoth';
import { error } from '../diagnostics';
import type { Reader } from './reader';

export const readDocx: Reader = async (path, bytes) => {
  try {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return { records: [{ idSuffix: '', text: value.normalize('NFC'), dropped: {} }], diagnostics: [] };
  } catch (cause) {
    return { records: [], diagnostics: [error(path, 'unreadable-document', `${path} cannot be read as a .docx document: ${(cause as Error).message}`)] };
  }
};
