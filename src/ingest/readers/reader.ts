import type { Diagnostic } from '../diagnostics';

/** One document found in a file: most files hold one; a .jsonl or .json file one per record. */
export interface DocumentRecord {
  /** Suffix of the document id: `#<id>` or `#<line>` for records, empty for whole files. */
  idSuffix: string;
  text: string;
}

export interface ReadResult {
  records: DocumentRecord[];
  diagnostics: Diagnostic[];
}

export interface ReaderSettings {
  jsonTextField: string;
  jsonIdField: string;
}

/** `path` is the display path used in diagnostics. */
export type Reader = (path: string, bytes: Uint8Array, settings: ReaderSettings) => Promise<ReadResult>;
