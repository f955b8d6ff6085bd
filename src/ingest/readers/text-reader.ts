import { decodeText } from '../decode';
import type { Reader } from './reader';

/** .txt: the decoded text as it is. */
export const readText: Reader = async (path, bytes) => {
  const decoded = decodeText(path, bytes);
  if (!decoded.ok) return { records: [], diagnostics: [decoded.diagnostic] };
  return { records: [{ idSuffix: '', text: decoded.text, dropped: {} }], diagnostics: decoded.warnings };
};
