/**
 * The run directory: files exported from the store, each written to a temporary file and renamed
 * into place, so a reader never sees half a file and a retried or replayed export rewrites the same
 * bytes instead of appending.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import { ApplicationFailure } from '@temporalio/common';

/**
 * `<dataDir>/runs/<runName>`. Refuses (non-retryable, type "InvalidRunName") a name that is not one
 * path segment right inside `<dataDir>/runs`: names are checked where they enter (run-name.ts), this
 * is the last line. Names recorded before that rule (a schedule's, with colons) still resolve on
 * systems where they are valid file names.
 */
export function runDirectory(dataDir: string, runName: string): string {
  const runs = resolve(dataDir, 'runs');
  const separators = process.platform === 'win32' ? /[/\\:]/ : /[/\\]/;
  const inside = runName !== '' && runName !== '.' && runName !== '..' && !separators.test(runName) && !runName.includes('\0');
  if (!inside || dirname(resolve(runs, runName)) !== runs) {
    throw ApplicationFailure.create({
      type: 'InvalidRunName',
      nonRetryable: true,
      message: `run name ${JSON.stringify(runName)} would put the run directory outside ${runs}`,
    });
  }
  return join(dataDir, 'runs', runName);
}

/** Deletes a run's directory and everything in it (a run replaced under its name starts from nothing). */
export async function removeRunDirectory(dataDir: string, runName: string): Promise<void> {
  await rm(runDirectory(dataDir, runName), { recursive: true, force: true });
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
