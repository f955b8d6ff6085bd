import { readDocx } from './docx-reader';
import { readHtml } from './html-reader';
import { readJson, readJsonLines } from './json-reader';
import { readMarkdown } from './markdown-reader';
import { readPdf } from './pdf-reader';
import type { Reader } from './reader';
import { readText } from './text-reader';

export const READERS: Record<string, Reader> = {
  '.txt': readText,
  '.text': readText,
  '.md': readMarkdown,
  '.markdown': readMarkdown,
  '.jsonl': readJsonLines,
  '.ndjson': readJsonLines,
  '.json': readJson,
  '.html': readHtml,
  '.htm': readHtml,
  '.pdf': readPdf,
  '.docx': readDocx,
};

export const SUPPORTED_EXTENSIONS = Object.keys(READERS);
