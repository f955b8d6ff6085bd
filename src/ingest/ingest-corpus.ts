/**
 * Stage 0 end to end: discover files, read each with the reader for its extension, and turn every
 * document into root contexts. Every file that yields nothing gets a diagnostic that says why; the
 * rest of the corpus proceeds. What readers did not keep as text is counted per document and reason
 * (`dropped`, one `dropped-<reason>` warning each) and totalled for the corpus. A corpus with no
 * readable document at all ends with an `empty-corpus` error: `documents` is then empty.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { contentHash, shortId } from '../domain/hash';
import { codePointLength } from '../domain/text/length';
import { buildRootContexts, type RootSettings } from '../domain/text/roots';
import type { Script } from '../domain/text/script';
import { error, warning, type Diagnostic } from './diagnostics';
import { discoverFiles } from './discover';
import { droppedDiagnostics, mergeDropped, totalDropped, type DroppedChars } from './dropped';
import { READERS, SUPPORTED_EXTENSIONS } from './readers';
import type { ReaderSettings } from './readers/reader';

export interface IngestSettings extends RootSettings, ReaderSettings {
  paths: string[];
  maxFileBytes: number;
}

export interface IngestedDocument {
  docId: string;
  sourcePath: string;
  /** The normalized text root offsets refer to. */
  text: string;
  contentHash: string;
  chars: number;
  script: Script;
  /** Characters of the source not kept as text, by reason. */
  dropped: DroppedChars;
  /** A markdown file's front matter (`title`, ...); documents have no title field of their own. */
  metadata?: Record<string, string>;
}

export interface IngestedRoot {
  rootId: string;
  docId: string;
  index: number;
  text: string;
  startOffset: number;
  endOffset: number;
  chars: number;
  contentHash: string;
  script: Script;
  lengthScale: number;
}

export interface IngestedCorpus {
  documents: IngestedDocument[];
  roots: IngestedRoot[];
  diagnostics: Diagnostic[];
  /** Every record read, those that yielded no root included: characters not kept as text, by reason. */
  dropped: DroppedChars;
}

export interface IngestProgress {
  files: number;
  filesDone: number;
  roots: number;
}

export async function ingestCorpus(settings: IngestSettings, onProgress?: (progress: IngestProgress) => void): Promise<IngestedCorpus> {
  const { files, diagnostics } = await discoverFiles(settings.paths);
  const documents: IngestedDocument[] = [];
  const roots: IngestedRoot[] = [];
  const seenIds = new Set<string>();
  const dropped: DroppedChars = {};

  for (const [fileIndex, file] of files.entries()) {
    onProgress?.({ files: files.length, filesDone: fileIndex, roots: roots.length });
    const path = file.displayPath;
    const extension = extname(path).toLowerCase();
    const reader = READERS[extension];
    if (!reader) {
      diagnostics.push(error(path, 'unsupported-extension', `${path}: unsupported file type "${extension || '(none)'}"; supported: ${SUPPORTED_EXTENSIONS.join(' ')}`));
      continue;
    }
    if (file.size > settings.maxFileBytes) {
      diagnostics.push(error(path, 'file-too-large', `${path} has ${file.size} bytes, more than corpus.maxFileBytes (${settings.maxFileBytes}); split it or raise the setting`));
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file.absolutePath);
    } catch (cause) {
      diagnostics.push(error(path, 'unreadable-path', `${path} cannot be read: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`));
      continue;
    }
    const read = await reader(path, bytes, settings);
    diagnostics.push(...read.diagnostics);
    if (read.records.length === 0 && read.diagnostics.every((diagnostic) => diagnostic.severity === 'warning')) {
      diagnostics.push(error(path, 'empty-file', `${path} contains no document`));
    }
    for (const record of read.records) {
      let docId = `${path}${record.idSuffix}`;
      for (let copy = 2; seenIds.has(docId); copy += 1) docId = `${path}${record.idSuffix}~${copy}`;
      seenIds.add(docId);
      // NUL characters (a JSON "\u0000", a PDF's text layer) are not text, and PostgreSQL cannot store them.
      const text = record.text.includes('\u0000') ? record.text.replaceAll('\u0000', '') : record.text;
      if (text !== record.text) diagnostics.push(warning(docId, 'nul-removed', `${docId} contains NUL characters; they were removed`));
      diagnostics.push(...droppedDiagnostics(docId, record.dropped));
      mergeDropped(dropped, record.dropped);
      const built = buildRootContexts(text, settings);
      if (built.droppedParagraphs > 0) {
        diagnostics.push(
          warning(docId, 'short-paragraphs-dropped', `${docId}: ${built.droppedParagraphs} paragraphs of at most ${settings.minParagraphChars} characters (scaled ×${built.lengthScale}) were dropped (roots.minParagraphChars)`),
        );
      }
      if (built.roots.length === 0) {
        const notKept = totalDropped(record.dropped);
        const why = built.droppedParagraphs > 0 ? 'every paragraph is shorter than roots.minParagraphChars' : `it has no text${notKept > 0 ? ` (${notKept} characters were not kept as text: see its dropped-* warnings)` : ''}`;
        diagnostics.push(error(docId, 'no-roots', `${docId} yields no root context: ${why}`));
        continue;
      }
      documents.push({
        docId,
        sourcePath: file.absolutePath,
        text: built.normalizedText,
        contentHash: contentHash(built.normalizedText),
        chars: codePointLength(built.normalizedText),
        script: built.script,
        dropped: record.dropped,
        ...(record.metadata ? { metadata: record.metadata } : {}),
      });
      for (const root of built.roots) {
        roots.push({
          rootId: shortId(docId, root.index),
          docId,
          index: root.index,
          text: root.text,
          startOffset: root.startOffset,
          endOffset: root.endOffset,
          chars: root.chars,
          contentHash: contentHash(root.text),
          script: built.script,
          lengthScale: built.lengthScale,
        });
      }
    }
  }
  onProgress?.({ files: files.length, filesDone: files.length, roots: roots.length });
  if (documents.length === 0) {
    const corpus = settings.paths.join(', ');
    const why = files.length === 0 ? 'no file was found in corpus.paths' : `none of its ${files.length} files yielded a root context (see the error for each)`;
    diagnostics.push(error(corpus, 'empty-corpus', `the corpus (${corpus}) has no readable document: ${why}`));
  }
  return { documents, roots, diagnostics, dropped };
}
