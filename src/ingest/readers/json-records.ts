/**
 * Finding the records of a .json/.jsonl value and the text of each. `corpus.jsonRecordPath` names
 * where the records are: field names separated by ".", `[]` after an array (`data[]`,
 * `data[].paragraphs`); arrays met on the way are walked into, and an array at the end holds one
 * record per element. Without a path, a top-level array holds the records, or the value is one.
 * When a record lacks the text field, the message lists the fields it has and which setting to change.
 */
import type { ReaderSettings } from './reader';

export interface LocatedValue {
  value: unknown;
  /** Where the value is, e.g. `data[3].paragraphs[0]`; empty for the top-level value. */
  location: string;
}

export interface LocatedRecords {
  records: LocatedValue[];
  /** One per place the path does not lead on (a missing field): "at data[2]: field ...". */
  problems: string[];
}

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const MAX_FIELDS_LISTED = 12;

export function recordPathSegments(path: string): string[] {
  return path
    .split('.')
    .map((segment) => segment.replace(/\[\]$/, ''))
    .filter((segment) => segment.length > 0);
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return 'empty array';
    const kinds = new Set(value.map((item) => (isObject(item) ? 'object' : Array.isArray(item) ? 'array' : item === null ? 'null' : typeof item)));
    const plural = value.length === 1 ? '' : 's';
    return kinds.size === 1 ? `array of ${value.length} ${[...kinds][0]}${plural}` : `array of ${value.length} value${plural}`;
  }
  return value === null ? 'null' : isObject(value) ? 'object' : typeof value;
}

/** `data (array of 2 objects), version (string)`, at most 12 fields. */
export function describeFields(record: JsonObject): string {
  const keys = Object.keys(record);
  if (keys.length === 0) return 'none (an empty object)';
  const listed = keys.slice(0, MAX_FIELDS_LISTED).map((key) => `${key} (${describeType(record[key])})`);
  return `${listed.join(', ')}${keys.length > MAX_FIELDS_LISTED ? `, and ${keys.length - MAX_FIELDS_LISTED} more` : ''}`;
}

const at = (location: string) => (location === '' ? 'the top level' : location);
const arrayItems = ({ value, location }: LocatedValue): LocatedValue[] =>
  Array.isArray(value) ? value.map((item, index) => ({ value: item, location: `${location}[${index}]` })) : [{ value, location }];

export function locateRecords(root: unknown, recordPath: string | undefined): LocatedRecords {
  if (!recordPath) return { records: Array.isArray(root) ? root.map((value, index) => ({ value, location: String(index) })) : [{ value: root, location: '0' }], problems: [] };
  let current: LocatedValue[] = [{ value: root, location: '' }];
  const problems: string[] = [];
  for (const segment of recordPathSegments(recordPath)) {
    const next: LocatedValue[] = [];
    for (const item of current.flatMap(arrayItems)) {
      if (isObject(item.value) && Object.hasOwn(item.value, segment)) {
        next.push({ value: item.value[segment], location: item.location === '' ? segment : `${item.location}.${segment}` });
      } else {
        const found = isObject(item.value) ? `fields found: ${describeFields(item.value)}` : `found ${describeType(item.value)}, not an object`;
        problems.push(`corpus.jsonRecordPath "${recordPath}": at ${at(item.location)}, field "${segment}" is missing; ${found}`);
      }
    }
    current = next;
  }
  return { records: current.flatMap(arrayItems), problems };
}

/** How to fix a record that lacks the text field, from the fields it does have. */
function hint(record: JsonObject, settings: ReaderSettings): string {
  const entries = Object.entries(record);
  const container = entries.find(([, value]) => (Array.isArray(value) && value.some(isObject)) || isObject(value))?.[0];
  // The longest string of some length is likely the text; a short one (a title, a version) is not.
  const strings = entries.filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].length >= 20);
  const stringField = strings.sort((a, b) => b[1].length - a[1].length)[0]?.[0];
  const textField = `corpus.jsonTextField${stringField ? ` (e.g. "${stringField}")` : ''}`;
  if (!container) return `set ${textField}${settings.jsonRecordPath ? '' : ' or corpus.jsonRecordPath'}`;
  const base = settings.jsonRecordPath ? `${recordPathSegments(settings.jsonRecordPath).map((segment) => `${segment}[]`).join('.')}.` : '';
  const example = `${base}${container}${Array.isArray(record[container]) ? '[]' : ''}`;
  return `set corpus.jsonRecordPath (e.g. "${example}") or ${textField}`;
}

export type RecordText = { ok: true; text: string; id?: string } | { ok: false; problem: string };

export function recordText({ value }: LocatedValue, settings: ReaderSettings): RecordText {
  const field = settings.jsonTextField;
  if (!isObject(value)) {
    return { ok: false, problem: `expected a JSON object with field "${field}", found ${describeType(value)}${settings.jsonRecordPath ? '' : ' (corpus.jsonRecordPath says where the records are)'}` };
  }
  const text = Object.hasOwn(value, field) ? value[field] : undefined;
  if (typeof text !== 'string') {
    const what = text === undefined ? 'is missing' : `is ${describeType(text)}, not a string`;
    return { ok: false, problem: `field "${field}" ${what}; fields found: ${describeFields(value)} — ${hint(value, settings)}` };
  }
  if (text.trim().length === 0) return { ok: false, problem: `field "${field}" is empty` };
  const id = Object.hasOwn(value, settings.jsonIdField) ? value[settings.jsonIdField] : undefined;
  return { ok: true, text, ...(typeof id === 'string' || typeof id === 'number' ? { id: String(id) } : {}) };
}
