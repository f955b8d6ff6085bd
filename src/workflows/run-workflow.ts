/**
 * augconRun: the whole run. Validates its one input object, ingests the corpus (stage 0), expands
 * every root as a cstRootWorkflow child through a bounded sliding window (stage 1), continues as new
 * every `rootsPerHistory` roots so its history stays small, and exports the run directory.
 */
import {
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  executeChild,
  isCancellation,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { IngestResult, RunSummary, RunTotals } from '../activities/contracts';
import { validateRunInput, type RunSettings } from '../domain/run-input';
import { emptyTally, mergeTally } from '../domain/tally';
import { zeroUsage, type TokenUsage } from '../llm/provider';
import type { RootRef } from '../store/run-store';
import { FATAL_LLM_ERRORS, ioActivities } from './activity-proxies';
import type { cstRootWorkflow } from './cst-root-workflow';
import type { ScorerStageResult, scorerStageWorkflow } from './scorer-stage-workflow';
import { rootFailureMessage, rootFailureType } from './failures';

export type RunStage = 'ingesting' | 'generating' | 'scoring' | 'finalizing' | 'completed';

export interface RunProgress {
  runName: string;
  stage: RunStage;
  documents: number;
  diagnostics: { errors: number; warnings: number };
  roots: { total: number; done: number; failed: number; inFlight: number };
  nodes: number;
  candidates: number;
  drops: number;
  parseRetries: number;
  tokens: TokenUsage;
  summary?: RunSummary;
}

export const progressQuery = defineQuery<RunProgress>('progress');

/** Carried across continue-as-new. */
export interface RunState {
  settings: RunSettings;
  runName: string;
  ingest: IngestResult;
  /** Sequence number of the last root started (-1 before the first). */
  cursor: number;
  totals: RunTotals;
  startedAtMs: number;
  continuedAsNew: number;
}

const PAGE_SIZE = 100;

const emptyTotals = (): RunTotals => ({ ...emptyTally(), rootsDone: 0, rootsFailed: 0 });

export async function augconRun(input: unknown, carried?: RunState): Promise<RunSummary> {
  const io = ioActivities();
  /** What the progress query reports besides the carried state. */
  const live: { stage: RunStage; inFlight: number; summary?: RunSummary } = { stage: carried ? 'generating' : 'ingesting', inFlight: 0 };
  let state: RunState | undefined = carried;
  const settingsOnce = carried?.settings ?? validated(input);
  const runName = carried?.runName ?? settingsOnce.runName ?? workflowInfo().workflowId;

  setHandler(progressQuery, (): RunProgress => ({
    runName,
    stage: live.stage,
    documents: state?.ingest.documents ?? 0,
    diagnostics: state?.ingest.diagnostics ?? { errors: 0, warnings: 0 },
    roots: { total: state?.ingest.roots ?? 0, done: state?.totals.rootsDone ?? 0, failed: state?.totals.rootsFailed ?? 0, inFlight: live.inFlight },
    nodes: state?.totals.nodes ?? 0,
    candidates: state?.totals.candidates ?? 0,
    drops: state?.totals.drops ?? 0,
    parseRetries: state?.totals.parseRetries ?? 0,
    tokens: state?.totals.usage ?? zeroUsage(),
    summary: live.summary,
  }));

  if (!state) {
    const ingest = await io.ingestCorpus({ runName, settings: settingsOnce });
    state = { settings: settingsOnce, runName, ingest, cursor: -1, totals: emptyTotals(), startedAtMs: Date.now(), continuedAsNew: 0 };
    live.stage = 'generating';
  }
  const run: RunState = state;
  const { settings } = run;
  const { maxConcurrentRoots, rootsPerHistory } = settings.orchestration;
  let fatal: unknown;

  async function expandRoot(root: RootRef): Promise<void> {
    try {
      const result = await executeChild<typeof cstRootWorkflow>('cstRootWorkflow', {
        workflowId: `${workflowInfo().workflowId}/root-${root.seq}`,
        args: [{ runName, runSeed: settings.seed, root, cst: settings.cst, orchestration: settings.orchestration }],
      });
      mergeTally(run.totals, result);
      run.totals.childWorkflows += 1; // the root workflow itself
    } catch (error) {
      if (isCancellation(error)) throw error;
      if (FATAL_LLM_ERRORS.includes(rootFailureType(error) ?? '')) {
        fatal ??= error;
        return;
      }
      run.totals.rootsFailed += 1;
      await io.recordRootOutcome({
        runName,
        outcome: { rootId: root.rootId, docId: root.docId, quota: 0, candidates: 0, drops: 0, passes: 0, nodes: 0, error: rootFailureMessage(error) },
      });
    } finally {
      run.totals.rootsDone += 1;
      live.inFlight -= 1;
    }
  }

  let startedInThisHistory = 0;
  const children: Promise<void>[] = [];
  for (;;) {
    const page = await io.listRootRefs({ runName, afterSeq: run.cursor, limit: PAGE_SIZE });
    if (page.length === 0) break;
    for (const root of page) {
      await condition(() => live.inFlight < maxConcurrentRoots || fatal !== undefined);
      if (fatal !== undefined) break;
      live.inFlight += 1;
      run.totals.maxPendingChildren = Math.max(run.totals.maxPendingChildren, live.inFlight);
      children.push(expandRoot(root));
      run.cursor = root.seq;
      startedInThisHistory += 1;
      if (startedInThisHistory >= rootsPerHistory) break;
    }
    if (fatal !== undefined || startedInThisHistory >= rootsPerHistory) break;
  }
  await Promise.all(children);
  if (fatal !== undefined) {
    throw ApplicationFailure.create({
      type: 'LlmConfigurationError',
      nonRetryable: true,
      message: `the LLM endpoint refused the run's requests (${rootFailureType(fatal)}): ${rootFailureMessage(fatal)}. Check the worker's AUGCON_LLM_* settings.`,
    });
  }
  if (startedInThisHistory >= rootsPerHistory && run.cursor < run.ingest.roots - 1) {
    await continueAsNew<typeof augconRun>(input, { ...run, continuedAsNew: run.continuedAsNew + 1 });
  }

  let scorer: ScorerStageResult | undefined;
  // Runs recorded before the scorer stage existed replay without it.
  if (settings.scorer.enabled && patched('scorer-stage')) {
    live.stage = 'scoring';
    scorer = await executeChild<typeof scorerStageWorkflow>('scorerStageWorkflow', {
      workflowId: `${workflowInfo().workflowId}/scorer`,
      args: [{ runName, settings }],
    });
  }

  live.stage = 'finalizing';
  const summary = await io.finalizeRun({
    scorer,
    runName,
    workflowId: workflowInfo().workflowId,
    startedAtMs: run.startedAtMs,
    finishedAtMs: Date.now(),
    continuedAsNew: run.continuedAsNew,
    totals: run.totals,
  });
  live.summary = summary;
  live.stage = 'completed';
  return summary;
}

function validated(input: unknown): RunSettings {
  const result = validateRunInput(input);
  if (!result.ok) throw ApplicationFailure.nonRetryable(`invalid run input:\n${result.message}`, 'InvalidRunInput');
  return result.settings;
}
