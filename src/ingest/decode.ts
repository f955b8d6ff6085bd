/**
 * Bytes to text, strictly: binary files and invalid UTF-8 are reported, never guessed at; a BOM is
 * removed and CRLF/CR line ends are normalized (both reported as warnings); the text is NFC-normalized.
 */
import { error, warning, type Diagnostic } from './diagnostics';

export type Decoded = { ok: true; text: string; warnings: Diagnostic[] } | { ok: false; diagnostic: Diagnostic };

/** NUL bytes, or more than 10% control characters other than tab/newline/CR/form feed in the first 8 KiB. */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12) control += 1;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/** Byte offset of the first invalid UTF-8 sequence (for the diagnostic). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Binary search on prefixes; a prefix may end mid-character, so allow up to 3 bytes of slack.
  while (high - low > 4) {
    const middle = Math.floor((low + high) / 2);
    try {
      decoder.decode(bytes.subarray(0, middle), { stream: true });
      decoder.decode();
      low = middle;
    } catch {
      high = middle;
    }
  }
  return low;
}

export function decodeText(path: string, bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, diagnostic: error(path, 'empty-file', `${path} is empty`) };
  if (looksBinary(bytes)) {
    return { ok: false, diagnostic: error(path, 'binary-file', `${path} looks like a binary file (NUL or control bytes); expected UTF-8 text`) };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    return {
      ok: false,
      diagnostic: error(path, 'invalid-utf8', `${path} is not valid UTF-8 (first bad byte near offset ${offset}); convert it to UTF-8, e.g. iconv -f latin1 -t utf-8`),
    };
  }
  const warnings: Diagnostic[] = [];
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
    warnings.push(warning(path, 'bom-removed', `${path} starts with a byte order mark; it was removed`));
  }
  if (text.includes('\r')) {
    text = text.replace(/\r\n?/g, '\n');
    warnings.push(warning(path, 'crlf-normalized', `${path} has CR or CRLF line ends; they were normalized to LF`));
  }
  text = text.normalize('NFC');
  if (text.trim().length === 0) return { ok: false, diagnostic: error(path, 'empty-file', `${path} has no text (only white space)`) };
  return { ok: true, text, warnings };
}
