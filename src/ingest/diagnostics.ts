/** Per-file problems found while reading a corpus. Nothing is dropped without one. */
import type { DroppedReason } from './dropped';

export type DiagnosticCode =
  | 'path-not-found'
  | 'unreadable-path'
  | 'unsupported-extension'
  | 'empty-file'
  | 'binary-file'
  | 'invalid-utf8'
  | 'bom-removed'
  | 'crlf-normalized'
  | 'nul-removed'
  | 'file-too-large'
  | 'malformed-json'
  | 'missing-text-field'
  | 'missing-record-path'
  | 'unreadable-document'
  | 'short-paragraphs-dropped'
  | 'no-roots'
  | 'empty-corpus'
  | `dropped-${DroppedReason}`;

export interface Diagnostic {
  path: string;
  line?: number;
  severity: 'error' | 'warning';
  code: DiagnosticCode;
  message: string;
  /** `dropped-<reason>` warnings only: the characters not kept, as data (see dropped.ts). */
  chars?: number;
}

function diagnosticOf(severity: Diagnostic['severity']) {
  return (path: string, code: DiagnosticCode, message: string, line?: number): Diagnostic => ({
    path,
    ...(line === undefined ? {} : { line }),
    severity,
    code,
    message,
  });
}

/** The file (or record) cannot be used; it is skipped and the rest proceeds. */
export const error = diagnosticOf('error');
/** The file was used after a repair worth knowing about (BOM removed, line ends normalized, ...). */
export const warning = diagnosticOf('warning');
