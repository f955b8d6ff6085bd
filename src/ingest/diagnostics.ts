/** Per-file problems found while reading a corpus. Nothing is dropped without one. */
export type DiagnosticCode =
  | 'unreadable-path'
  | 'unsupported-extension'
  | 'empty-file'
  | 'binary-file'
  | 'invalid-utf8'
  | 'bom-removed'
  | 'crlf-normalized'
  | 'file-too-large'
  | 'malformed-json'
  | 'missing-text-field'
  | 'unreadable-document'
  | 'short-paragraphs-dropped'
  | 'no-roots';

export interface Diagnostic {
  path: string;
  line?: number;
  severity: 'error' | 'warning';
  code: DiagnosticCode;
  message: string;
}

export const error = (path: string, code: DiagnosticCode, message: string, line?: number): Diagnostic => ({
  path,
  ...(line === undefined ? {} : { line }),
  severity: 'error',
  code,
  message,
});

export const warning = (path: string, code: DiagnosticCode, message: string, line?: number): Diagnostic => ({
  path,
  ...(line === undefined ? {} : { line }),
  severity: 'warning',
  code,
  message,
});
