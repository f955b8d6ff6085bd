/**
 * Stage 0 as activities: read the corpus into documents and root contexts (with per-file
 * diagnostics), and hand roots to the workflows one page of references (or one root's text) at a time.
 */
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { canonicalJson } from '../domain/canonical-json';
import { EMPTY_CORPUS_ERROR } from '../domain/failure-message';
import { loadExamples } from './answer-activities';
import { ingestCorpus as readCorpus } from '../ingest/ingest-corpus';
import { DROPPED_CHARS_ARTIFACT } from '../ingest/dropped-artifact';
import type { RootOutcomeRow, RootRef, RunStore, UnderQuotaRoot } from '../store/run-store';
import type { IngestInput, IngestResult, ListRootsInput, RootText } from './contracts';

export interface CorpusActivityDeps {
  store: RunStore;
}

export function configHash(settings: unknown): string {
  return createHash('sha256').update(canonicalJson(settings)).digest('hex');
}

export function createCorpusActivities(deps: CorpusActivityDeps) {
  async function ingestCorpus(input: IngestInput): Promise<IngestResult> {
    const context = Context.current();
    const { corpus, roots, answers } = input.settings;
    // A bad examples file fails the run now, not after every question has been generated.
    if (answers.enabled && answers.examplesFile) await loadExamples(answers, 'en');
    const read = await readCorpus({ ...corpus, ...roots }, (progress: unknown) => context.heartbeat(progress));
    const hash = configHash(input.settings);
    await deps.store.putRun({ runName: input.runName, configHash: hash, settingsJson: canonicalJson(input.settings), createdAt: new Date().toISOString() });
    await deps.store.replaceCorpus(input.runName, {
      documents: read.documents.map(({ docId, sourcePath, contentHash, chars, script }) => ({ docId, sourcePath, contentHash, chars, script })),
      roots: read.roots.map((root, seq) => ({
        rootId: root.rootId,
        seq,
        docId: root.docId,
        index: root.index,
        text: root.text,
        chars: root.chars,
        contentHash: root.contentHash,
        script: root.script,
        lengthScale: root.lengthScale,
        startOffset: root.startOffset,
        endOffset: root.endOffset,
      })),
      diagnostics: read.diagnostics,
    });
    await deps.store.putArtifact(input.runName, DROPPED_CHARS_ARTIFACT, JSON.stringify(read.dropped));
    for (const diagnostic of read.diagnostics) {
      context.log.warn(`corpus: ${diagnostic.path}${diagnostic.line ? `:${diagnostic.line}` : ''}: ${diagnostic.code}: ${diagnostic.message}`);
    }
    if (read.documents.length === 0) {
      // Nothing to ask questions about: fail now, before any LLM call, with the reasons.
      const errors = read.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
      throw ApplicationFailure.nonRetryable([...errors.slice(-1), ...errors.slice(0, -1).slice(0, 5)].join('\n'), EMPTY_CORPUS_ERROR);
    }
    return { ...(await deps.store.corpusCounts(input.runName)), configHash: hash };
  }

  async function listRootRefs(input: ListRootsInput): Promise<RootRef[]> {
    return deps.store.listRootRefs(input.runName, input.afterSeq, input.limit);
  }

  /** Roots under quota after `passes` passes: the next pass expands them again. */
  async function listUnderQuotaRoots(input: ListRootsInput & { passes: number }): Promise<UnderQuotaRoot[]> {
    return deps.store.listUnderQuotaRoots(input.runName, input.passes, input.afterSeq, input.limit);
  }

  /** Roots not carried forward and not expanded yet (a dataset refresh expands only these). */
  async function listPendingRoots(input: ListRootsInput): Promise<RootRef[]> {
    return deps.store.listPendingRoots(input.runName, input.afterSeq, input.limit);
  }

  async function loadRoot(input: { runName: string; rootId: string }): Promise<RootText> {
    const root = await deps.store.getRoot(input.runName, input.rootId);
    if (!root) {
      throw ApplicationFailure.nonRetryable(`root ${input.rootId} of run ${input.runName} is not in the store`, 'RootNotFound');
    }
    const { rootId, docId, text, chars, script, lengthScale } = root;
    return { rootId, docId, text, chars, script, lengthScale };
  }

  async function recordRootOutcome(input: { runName: string; outcome: RootOutcomeRow }): Promise<void> {
    await deps.store.putRootOutcome(input.runName, input.outcome);
  }

  return { ingestCorpus, listRootRefs, listUnderQuotaRoots, listPendingRoots, loadRoot, recordRootOutcome };
}
