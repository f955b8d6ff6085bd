/**
 * Expands the corpus inputs (folders read recursively, files, globs) into a sorted, de-duplicated
 * list of files. Hidden files and folders are skipped. An input that does not exist (or a glob that
 * matches nothing) is a `path-not-found` error naming it; one that cannot be read, `unreadable-path`.
 */
import { glob, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { error, type Diagnostic } from './diagnostics';

export interface CorpusFile {
  absolutePath: string;
  /** Relative to the common base of all inputs: the document id. */
  displayPath: string;
  size: number;
}

const isGlob = (spec: string) => /[*?[\]{}]/.test(spec);

function globBase(pattern: string): string {
  const parts = resolve(pattern).split(sep);
  const index = parts.findIndex((part) => isGlob(part));
  return parts.slice(0, index < 0 ? parts.length - 1 : index).join(sep) || sep;
}

function commonAncestor(directories: string[]): string {
  if (directories.length === 0) return process.cwd();
  const split = directories.map((directory) => directory.split(sep));
  const common: string[] = [];
  for (let index = 0; split.every((parts) => parts[index] !== undefined && parts[index] === split[0]![index]); index += 1) common.push(split[0]![index]!);
  return common.join(sep) || sep;
}

async function walk(directory: string, into: string[]): Promise<void> {
  const entries = await readdir(directory, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) await walk(path, into);
    else if (entry.isFile() || entry.isSymbolicLink()) into.push(path);
  }
}

export async function discoverFiles(inputs: string[]): Promise<{ files: CorpusFile[]; diagnostics: Diagnostic[]; base: string }> {
  const diagnostics: Diagnostic[] = [];
  const found: string[] = [];
  const bases: string[] = [];
  for (const input of inputs) {
    if (isGlob(input)) {
      const before = found.length;
      for await (const path of glob(input)) found.push(resolve(path));
      bases.push(globBase(input));
      if (found.length === before) diagnostics.push(error(input, 'path-not-found', `corpus path not found: the pattern ${input} matches no file; check corpus.paths`));
      continue;
    }
    const absolute = resolve(input);
    try {
      const info = await stat(absolute);
      if (info.isDirectory()) {
        await walk(absolute, found);
        bases.push(absolute);
      } else {
        found.push(absolute);
        bases.push(dirname(absolute));
      }
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        const resolved = absolute === input ? '' : ` (resolved to ${absolute})`;
        diagnostics.push(error(input, 'path-not-found', `corpus path not found: ${input}${resolved} does not exist on this machine; check corpus.paths`));
      } else {
        diagnostics.push(error(input, 'unreadable-path', `${input} cannot be read: ${code ?? (cause as Error).message}; check the path and permissions`));
      }
    }
  }
  const base = commonAncestor(bases);
  const files: CorpusFile[] = [];
  for (const absolutePath of [...new Set(found)].sort()) {
    const displayPath = relative(base, absolutePath) || absolutePath;
    try {
      const info = await stat(absolutePath);
      if (!info.isFile()) {
        diagnostics.push(error(displayPath, 'unreadable-path', `${displayPath} is not a regular file`));
        continue;
      }
      files.push({ absolutePath, displayPath, size: info.size });
    } catch (cause) {
      diagnostics.push(error(displayPath, 'unreadable-path', `${displayPath} cannot be read: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message} (a broken link?)`));
    }
  }
  return { files, diagnostics, base };
}
