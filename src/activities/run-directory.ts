/**
 * The run directory: files exported from the store, each written to a temporary file and renamed
 * into place, so a reader never sees half a file and a retried or replayed export rewrites the same
 * bytes instead of appending.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';

export function runDirectory(dataDir: string, runName: string): string {
  return join(dataDir, 'runs', runName);
}

/** Streams the lines into `<file>.tmp-<random>` and renames it over `file`. */
export async function writeLinesAtomically(file: string, lines: Iterable<string>): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(join(file, '..'), { recursive: true });
  const stream = createWriteStream(temporary, { encoding: 'utf8' });
  try {
    for (const line of lines) {
      if (!stream.write(`${line}\n`)) await once(stream, 'drain');
    }
    stream.end();
    await once(stream, 'finish');
    await rename(temporary, file);
  } catch (error) {
    stream.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}

export async function writeJsonlAtomically(file: string, records: Iterable<unknown>): Promise<void> {
  function* lines() {
    for (const record of records) yield JSON.stringify(record);
  }
  await writeLinesAtomically(file, lines());
}

export async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  await writeLinesAtomically(file, [JSON.stringify(value, null, 2)]);
}
