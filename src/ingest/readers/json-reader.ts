/**
 * .jsonl: one document per line; .json: an array of records or one record. The text comes from the
 * configured field (default "text"), the id from the id field (default "id") or the line/index.
 * A malformed line or a record without text is reported with its line (or index); the rest proceeds.
 */
import { parseJson } from '../../domain/cst/parse';
import { decodeText } from '../decode';
import { error, type Diagnostic } from '../diagnostics';
import type { DocumentRecord, Reader, ReaderSettings } from './reader';

function recordText(value: unknown, settings: ReaderSettings): { text?: string; id?: string; problem?: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'expected a JSON object' };
  const record = value as Record<string, unknown>;
  const text = record[settings.jsonTextField];
  if (typeof text !== 'string' || text.trim().length === 0) {
    return { problem: `field "${settings.jsonTextField}" is missing or not a non-empty string (set corpus.jsonTextField to the field that holds the text)` };
  }
  const id = record[settings.jsonIdField];
  return { text, id: typeof id === 'string' || typeof id === 'number' ? String(id) : undefined };
}

export const readJsonLines: Reader = async (path, bytes, settings) => {
  const decoded = decodeText(path, bytes);
  if (!decoded.ok) return { records: [], diagnostics: [decoded.diagnostic] };
  const records: DocumentRecord[] = [];
  const diagnostics: Diagnostic[] = [...decoded.warnings];
  decoded.text.split('\n').forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim().length === 0) return;
    const json = parseJson(line);
    if (!json.ok) {
      diagnostics.push(error(path, 'malformed-json', `${path}:${lineNumber}: ${json.reason}; the line was skipped`, lineNumber));
      return;
    }
    const record = recordText(json.value, settings);
    if (record.problem) {
      diagnostics.push(error(path, 'missing-text-field', `${path}:${lineNumber}: ${record.problem}; the line was skipped`, lineNumber));
      return;
    }
    records.push({ idSuffix: `#${record.id ?? lineNumber}`, text: record.text! });
  });
  return { records, diagnostics };
};

export const readJson: Reader = async (path, bytes, settings) => {
  const decoded = decodeText(path, bytes);
  if (!decoded.ok) return { records: [], diagnostics: [decoded.diagnostic] };
  const json = parseJson(decoded.text);
  if (!json.ok) return { records: [], diagnostics: [...decoded.warnings, error(path, 'malformed-json', `${path}: ${json.reason}`)] };
  const items = Array.isArray(json.value) ? json.value : [json.value];
  const records: DocumentRecord[] = [];
  const diagnostics: Diagnostic[] = [...decoded.warnings];
  items.forEach((item, index) => {
    const record = recordText(item, settings);
    if (record.problem) {
      diagnostics.push(error(path, 'missing-text-field', `${path}: item ${index}: ${record.problem}; the item was skipped`));
      return;
    }
    records.push({ idSuffix: `#${record.id ?? index}`, text: record.text! });
  });
  return { records, diagnostics };
};
