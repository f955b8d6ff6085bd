/**
 * The reader contract: bytes of one file in, the documents it holds out, with what was not kept as
 * text (`dropped`, by reason) and per-file diagnostics. A reader never throws for bad input.
 */
import type { Diagnostic } from '../diagnostics';
import type { DroppedChars } from '../dropped';

/** One document found in a file: most files hold one; a .jsonl or .json file one per record. */
export interface DocumentRecord {
  /** Suffix of the document id: `#<id>` or `#<line>` for records, empty for whole files. */
  idSuffix: string;
  text: string;
  /** Characters of the source not turned into text, by reason (empty when everything was kept). */
  dropped: DroppedChars;
  /** Front matter of a markdown file (`title`, `date`, ...): metadata, never part of `text`. */
  metadata?: Record<string, string>;
}

export interface ReadResult {
  records: DocumentRecord[];
  diagnostics: Diagnostic[];
}

export type CodeBlocks = 'drop' | 'keep';

export interface ReaderSettings {
  jsonTextField: string;
  jsonIdField: string;
  /** Where the records are inside a .json/.jsonl value, e.g. `data[].paragraphs`; absent: the value itself. */
  jsonRecordPath?: string;
  /** Markdown code blocks: dropped (and counted) or kept as text. */
  codeBlocks: CodeBlocks;
}

/** `path` is the display path used in diagnostics. */
export type Reader = (path: string, bytes: Uint8Array, settings: ReaderSettings) => Promise<ReadResult>;
