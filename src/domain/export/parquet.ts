/**
 * The Parquet file of the Hugging Face dataset folder: columns `question`, `answer` and, when any row
 * has one, `system` (UTF-8 strings, Snappy-compressed). Built in memory with hyparquet-writer (pure
 * JavaScript, no native code); the caller writes the bytes.
 *
 * The same rows give the same bytes: the writer records no time or host, and `created_by` is fixed.
 *
 * hyparquet-writer is an ES module only. It is imported from this CommonJS code base as is: Node 24
 * loads ES modules through `require` (the package has no top-level await), TypeScript's `nodenext`
 * resolution allows it, and Jest's runtime does the same. The `src/index.js` entry is the one
 * without `node:fs` (the package root adds file helpers we do not use). Workflow code must not import
 * this file; the export activity does.
 */
import { parquetWriteBuffer } from 'hyparquet-writer/src/index.js';

export interface ParquetRow {
  question: string;
  answer: string;
  system?: string;
}

/** FileMetaData.created_by: fixed, so the bytes do not change with the library version string. */
export const PARQUET_CREATED_BY = 'augcon';

export function parquetBytes(rows: readonly ParquetRow[]): Uint8Array {
  const withSystem = rows.some((row) => row.system !== undefined);
  const columnData = [
    { name: 'question', data: rows.map((row) => row.question), type: 'STRING' as const, nullable: false },
    { name: 'answer', data: rows.map((row) => row.answer), type: 'STRING' as const, nullable: false },
    ...(withSystem ? [{ name: 'system', data: rows.map((row) => row.system ?? null), type: 'STRING' as const, nullable: true }] : []),
  ];
  return new Uint8Array(parquetWriteBuffer({ columnData, createdBy: PARQUET_CREATED_BY }));
}
