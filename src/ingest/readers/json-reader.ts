/**
 * .jsonl: each line a JSON value; .json: one JSON value. The records are the value itself, the
 * elements of a top-level array, or what `corpus.jsonRecordPath` points at (json-records.ts). The
 * text comes from `corpus.jsonTextField` (default "text") and is kept whole; the id from
 * `corpus.jsonIdField` (default "id"), else the line, index or location. A malformed line, a path
 * that leads nowhere or a record without text is reported with its line (or location); the rest proceeds.
 */
import { parseJson } from '../../domain/cst/parse';
import { decodeText } from '../decode';
import { error, type Diagnostic } from '../diagnostics';
import { locateRecords, recordText } from './json-records';
import type { DocumentRecord, Reader, ReaderSettings } from './reader';

/** The records of one JSON value (a whole .json file, or a .jsonl file's `line`). */
function recordsOf(value: unknown, path: string, line: number | undefined, settings: ReaderSettings, into: { records: DocumentRecord[]; diagnostics: Diagnostic[] }) {
  const where = line === undefined ? path : `${path}:${line}`;
  const located = locateRecords(value, settings.jsonRecordPath);
  for (const problem of located.problems) into.diagnostics.push(error(path, 'missing-record-path', `${where}: ${problem}`, line));
  for (const item of located.records) {
    const record = recordText(item, settings);
    const label = line === undefined ? item.location : settings.jsonRecordPath ? `${line}:${item.location}` : String(line);
    if (!record.ok) {
      const skipped = line === undefined || settings.jsonRecordPath ? `item ${item.location}: ${record.problem}; the item was skipped` : `${record.problem}; the line was skipped`;
      into.diagnostics.push(error(path, 'missing-text-field', `${where}: ${skipped}`, line));
      continue;
    }
    into.records.push({ idSuffix: `#${record.id ?? label}`, text: record.text, dropped: {} });
  }
}

export const readJsonLines: Reader = async (path, bytes, settings) => {
  const decoded = decodeText(path, bytes);
  if (!decoded.ok) return { records: [], diagnostics: [decoded.diagnostic] };
  const result = { records: [] as DocumentRecord[], diagnostics: [...decoded.warnings] };
  decoded.text.split('\n').forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim().length === 0) return;
    const json = parseJson(line);
    if (!json.ok) result.diagnostics.push(error(path, 'malformed-json', `${path}:${lineNumber}: ${json.reason}; the line was skipped`, lineNumber));
    else recordsOf(json.value, path, lineNumber, settings, result);
  });
  return result;
};

export const readJson: Reader = async (path, bytes, settings) => {
  const decoded = decodeText(path, bytes);
  if (!decoded.ok) return { records: [], diagnostics: [decoded.diagnostic] };
  const json = parseJson(decoded.text);
  if (!json.ok) return { records: [], diagnostics: [...decoded.warnings, error(path, 'malformed-json', `${path}: ${json.reason}`)] };
  const result = { records: [] as DocumentRecord[], diagnostics: [...decoded.warnings] };
  recordsOf(json.value, path, undefined, settings, result);
  return result;
};
