/**
 * Exports a run from the store into its run directory: candidates.jsonl, drops.jsonl,
 * diagnostics.jsonl, roots.jsonl and manifest.json. Every file is rewritten atomically, so the
 * export can be repeated at any time with the same result.
 */
import { readStoredSettings } from '../domain/run-input';
import { measureQuality } from '../domain/quality';
import { guardCounts } from '../quality/guard-counts';
import { listQualityPairs } from '../quality/run-pairs';
import { readDroppedChars } from '../ingest/dropped-artifact';
import { completeVersionWithChangelog } from './dataset-activities';
import type { BatchCounts, RunStore } from '../store/run-store';
import type { FinalizeInput, RunSummary } from './contracts';
import { runDirectory, writeJsonAtomically, writeJsonlAtomically } from './run-directory';
import { readStageTokens, totalOfStages } from './stage-tokens';
import { tokenCount, savedTokens } from '../domain/tokens';
import { countFilterMarks, isUnderQuota, keptCountByRoot, quotaSupply } from '../domain/quota';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';

export interface FinalizeActivityDeps {
  store: RunStore;
  dataDir: string;
  /** Model name the worker's provider is configured for. */
  model: string;
  providerKind: string;
}

export const RUN_FILES = {
  candidates: 'candidates.jsonl',
  drops: 'drops.jsonl',
  diagnostics: 'diagnostics.jsonl',
  roots: 'roots.jsonl',
  filtered: 'filtered.jsonl',
  rejected: 'rejected.jsonl',
  manifest: 'manifest.json',
  changelog: 'changelog.json',
} as const;

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

export function createFinalizeActivities(deps: FinalizeActivityDeps) {
  async function finalizeRun(input: FinalizeInput): Promise<RunSummary> {
    const { store } = deps;
    const run = await store.getRun(input.runName);
    if (!run) throw ApplicationFailure.nonRetryable(`run ${input.runName} is not in the store`, 'RunNotFound');
    const directory = runDirectory(deps.dataDir, input.runName);

    const heartbeat = (file: string) => Context.current().heartbeat({ writing: file });
    heartbeat(RUN_FILES.candidates);
    const candidates = await store.listCandidates(input.runName);
    await writeJsonlAtomically(
      join(directory, RUN_FILES.candidates),
      candidates.map((c) => ({
        docId: c.docId,
        rootId: c.rootId,
        pass: c.pass,
        path: c.path,
        depth: c.depth,
        context: c.context,
        question: c.question,
        model: c.model,
        usage: tokenCount(c.usage),
        attempts: c.attempts,
        leafReason: c.leafReason ?? null,
        grounding: c.grounding.map((value) => Math.round(value * 10_000) / 10_000),
      })),
    );
    heartbeat(RUN_FILES.drops);
    const drops = await store.listDrops(input.runName);
    await writeJsonlAtomically(
      join(directory, RUN_FILES.drops),
      drops.map((d) => ({
        docId: d.docId,
        rootId: d.rootId,
        pass: d.pass,
        path: d.path,
        depth: d.depth,
        stage: d.stage,
        reason: d.reason,
        detail: d.detail,
        attempts: d.attempts,
        usage: tokenCount(d.usage),
        context: d.context,
      })),
    );
    heartbeat(RUN_FILES.diagnostics);
    const diagnostics = await store.listDiagnostics(input.runName);
    await writeJsonlAtomically(join(directory, RUN_FILES.diagnostics), diagnostics);
    const outcomes = await store.listRootOutcomes(input.runName);
    const filtered = input.scorer !== undefined;
    const decisions = filtered ? await store.listFilterDecisions(input.runName) : [];
    const keptByRoot = keptCountByRoot(decisions);
    // Counted from the decisions, which later passes' filtering replaced root by root.
    const filterCounts = countFilterMarks(decisions);
    const supply = (o: (typeof outcomes)[number]) => quotaSupply({ candidates: o.candidates, kept: keptByRoot.get(o.rootId) }, filtered);
    const rootUnderQuota = (o: (typeof outcomes)[number]) => isUnderQuota(supply(o), o.quota);
    const underQuota = outcomes.filter(rootUnderQuota);
    await writeJsonlAtomically(
      join(directory, RUN_FILES.roots),
      outcomes.map((o) => ({ ...o, ...(filtered ? { kept: supply(o) } : {}), underQuota: rootUnderQuota(o) })),
    );

    if (input.scorer) {
      heartbeat(RUN_FILES.filtered);
      const byKey = new Map(candidates.map((c) => [`${c.rootId}/${c.pass}/${c.path}`, c]));
      const kept = decisions.filter((d) => d.kept);
      await writeJsonlAtomically(
        join(directory, RUN_FILES.filtered),
        kept.map((d) => {
          const c = byKey.get(`${d.rootId}/${d.pass}/${d.path}`)!;
          return { docId: d.docId, rootId: d.rootId, pass: d.pass, path: d.path, depth: c.depth, rank: d.rank, score: round4(d.score), question: c.question, context: c.context };
        }),
      );
      await writeJsonlAtomically(
        join(directory, RUN_FILES.rejected),
        decisions
          .filter((d) => !d.kept)
          .map((d) => ({
            docId: d.docId,
            rootId: d.rootId,
            pass: d.pass,
            path: d.path,
            reason: d.reason,
            ...(d.duplicateOf ? { duplicateOf: d.duplicateOf, rouge: round4(d.rouge ?? 0) } : {}),
            score: round4(d.score),
            question: byKey.get(`${d.rootId}/${d.pass}/${d.path}`)?.question,
          })),
      );
    }
    heartbeat(RUN_FILES.manifest);
    const corpus = await store.corpusCounts(input.runName);
    const droppedChars = await readDroppedChars(store, input.runName);
    const output = await store.outputCounts(input.runName);
    const failed = outcomes.filter((o) => o.error !== undefined);
    const tokensByStage = await readStageTokens(store, input.runName);
    const tokens = totalOfStages(tokensByStage);
    const llmCache = { ...(await store.cacheStats(input.runName)), savedTokens: savedTokens(tokens) };
    const settings = readStoredSettings(input.runName, run.settingsJson);
    const batches = settings.llm.mode === 'batch' ? batchSummary(await store.batchRequestCounts(input.runName)) : undefined;
    // A version of a named dataset: its changelog against the previous version; the version is complete.
    const changelog = await completeVersionWithChangelog(store, input.runName, input.scorer !== undefined);
    if (changelog) await writeJsonAtomically(join(directory, RUN_FILES.changelog), changelog);
    const durationSeconds = Math.round((input.finishedAtMs - input.startedAtMs) / 100) / 10;
    const models = [...new Set(candidates.map((c) => c.model))].sort();
    heartbeat('quality');
    const quality = measureQuality(await listQualityPairs(store, input.runName));

    await writeJsonAtomically(join(directory, RUN_FILES.manifest), {
      runName: input.runName,
      workflowId: input.workflowId,
      configHash: run.configHash,
      settings,
      llm: { provider: deps.providerKind, configuredModel: deps.model, modelsSeen: models },
      timings: {
        startedAt: new Date(input.startedAtMs).toISOString(),
        finishedAt: new Date(input.finishedAtMs).toISOString(),
        durationSeconds,
      },
      corpus: { ...corpus, droppedChars },
      counts: {
        candidates: output.candidates,
        drops: output.drops,
        dropsByReason: output.dropsByReason,
        leavesByReason: output.leavesByReason,
        candidatesByDepth: output.candidatesByDepth,
        rootsDone: outcomes.length,
        rootsRepassed: input.totals.rootsRepassed ?? 0,
        rootsUnderQuota: underQuota.length,
        rootsFailed: failed.length,
        nodes: input.totals.nodes,
        parseRetries: input.totals.parseRetries,
        stoppedCalls: input.totals.stoppedCalls ?? 0,
      },
      guards: guardCounts(output),
      quality,
      tokens,
      llmCache,
      batches: batches ?? null,
      stopped: input.stopped ?? false,
      version: changelog ?? null,
      tokensByStage,
      orchestration: {
        childWorkflows: input.totals.childWorkflows,
        maxPendingChildren: input.totals.maxPendingChildren,
        continuedAsNew: input.continuedAsNew,
      },
      scorer: input.scorer
        ? {
            features: input.scorer.metrics.features,
            triples: input.scorer.metrics.triples,
            negativesFailed: input.scorer.metrics.negativesFailed,
            heldOutTriples: input.scorer.metrics.heldOutTriples,
            heldOutPairwiseAccuracy: input.scorer.metrics.heldOutAccuracy,
            lossPerEpoch: input.scorer.metrics.epochs,
            resumedFromEpoch: input.scorer.metrics.resumedFromEpoch,
            model: 'scorer/model.json',
            filter: filterCounts,
          }
        : null,
      answers: input.answers ?? null,
      dataset: input.dataset ? { directory: 'dataset', records: input.dataset.records, failed: input.dataset.failed, files: input.dataset.files } : null,
      rootsUnderQuota: underQuota.map((o) => ({ rootId: o.rootId, docId: o.docId, quota: o.quota, candidates: o.candidates, ...(filtered ? { kept: supply(o) } : {}), passes: o.passes })),
      rootsFailed: failed.map(({ rootId, docId, error }) => ({ rootId, docId, error })),
      files: RUN_FILES,
    });

    return {
      runName: input.runName,
      runDirectory: directory,
      documents: corpus.documents,
      roots: corpus.roots,
      candidates: output.candidates,
      drops: output.drops,
      diagnostics: corpus.diagnostics,
      rootsUnderQuota: underQuota.length,
      rootsFailed: failed.length,
      tokens,
      tokensByStage,
      durationSeconds,
      llmCache,
      ...(batches ? { batches } : {}),
      ...(input.stopped ? { stopped: true, stoppedCalls: input.totals.stoppedCalls ?? 0 } : {}),
      ...(changelog ? { version: changelog } : {}),
      ...(input.answers
        ? {
            answers: {
              questions: input.answers.questions,
              answered: input.answers.answered,
              failed: input.answers.failed,
              revised: input.answers.revised,
              demonstrations: input.answers.demonstrations,
              judgedAccuracy: input.answers.judgedAccuracy,
              examples: input.answers.examples,
            },
          }
        : {}),
      ...(input.dataset ? { dataset: { directory: input.dataset.directory, records: input.dataset.records, files: input.dataset.files } } : {}),
      ...(input.scorer
        ? {
            filter: {
              ...filterCounts,
              heldOutAccuracy: input.scorer.metrics.heldOutAccuracy,
              heldOutTriples: input.scorer.metrics.heldOutTriples,
              features: input.scorer.metrics.features,
              triples: input.scorer.metrics.triples,
              ...(input.scorer.metrics.reusedFrom === undefined ? {} : { reusedFrom: input.scorer.metrics.reusedFrom }),
              ...(input.scorer.metrics.reusedTriples === undefined ? {} : { reusedTriples: input.scorer.metrics.reusedTriples }),
            },
          }
        : {}),
    };
  }

  return { finalizeRun };
}

/** A batch-mode run's batches: requests sent in one, of them answered by it, and made directly after it did not. */
function batchSummary(counts: BatchCounts): NonNullable<RunSummary['batches']> {
  return { batches: counts.batches, requests: counts.submitted + counts.done + counts.direct, answered: counts.done, direct: counts.direct };
}
