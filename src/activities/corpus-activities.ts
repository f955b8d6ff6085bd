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
import { RUN_NAME_IN_USE, runNameInUseMessage } from '../domain/run-name';
import { claimRun } from '../store/claim-run';
import type { RootOutcomeRow, RootRef, RunOwner, RunStore, UnderQuotaRoot } from '../store/run-store';
import { removeRunDirectory } from './run-directory';
import { listUnderQuotaRoots as underQuotaRoots } from './under-quota-roots';
import type { IngestInput, IngestResult, ListRootsInput, RootText } from './contracts';

export interface CorpusActivityDeps {
  store: RunStore;
  /** Where run directories are: a run replaced under its name has its directory removed. */
  dataDir?: string;
}

export function configHash(settings: unknown): string {
  return createHash('sha256').update(canonicalJson(settings)).digest('hex');
}

export function createCorpusActivities(deps: CorpusActivityDeps) {
  /**
   * `owner`: the run's workflow id and first execution run id (absent when scheduled by a workflow
   * older than it: this activity's own execution is the first one then).
   */
  async function ingestCorpus(input: IngestInput & { owner?: RunOwner }): Promise<IngestResult> {
    const context = Context.current();
    const { corpus, roots, answers } = input.settings;
    // The name first: a run reusing another run's name is refused before anything is read or written.
    const { replace, ...recorded } = input.settings;
    const hash = configHash(recorded);
    const execution = context.info.workflowExecution;
    const owner = input.owner ?? (execution && { workflowId: execution.workflowId, firstExecutionRunId: execution.runId });
    if (!owner) throw ApplicationFailure.nonRetryable(`ingestCorpus of run ${input.runName} ran outside a workflow: no execution owns the run`, 'NoRunOwner');
    const claim = await claimRun(
      deps.store,
      { runName: input.runName, configHash: hash, settingsJson: canonicalJson(recorded), createdAt: new Date().toISOString(), owner },
      { replace: replace === true, beforeDelete: async () => (deps.dataDir === undefined ? undefined : removeRunDirectory(deps.dataDir, input.runName)) },
    );
    if (!claim.claimed) {
      const holder = { workflowId: claim.holder?.owner?.workflowId, createdAt: claim.holder?.createdAt ?? 'just now' };
      throw ApplicationFailure.create({ type: RUN_NAME_IN_USE, nonRetryable: true, message: runNameInUseMessage(input.runName, holder) });
    }
    if (claim.as === 'replaced') context.log.info(`run name ${input.runName}: the earlier run's rows and run directory were deleted (replace)`);
    // A bad examples file fails the run now, not after every question has been generated.
    if (answers.enabled && answers.examplesFile) await loadExamples(answers, 'en');
    const read = await readCorpus({ ...corpus, ...roots }, (progress: unknown) => context.heartbeat(progress));
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
    return underQuotaRoots(deps.store, input);
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
