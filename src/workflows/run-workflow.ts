/**
 * augconRun: the whole run. Validates its one input object, ingests the corpus (stage 0), expands
 * every root as a cstRootWorkflow child through a bounded sliding window (stage 1), continues as new
 * every `rootsPerHistory` roots so its history stays small, and exports the run directory.
 */
import {
  ApplicationFailure,
  continueAsNew,
  defineQuery,
  executeChild,
  getExternalWorkflowHandle,
  isCancellation,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { IngestResult, RunSummary, RunTotals } from '../activities/contracts';
import type { DatasetExportSummary } from '../activities/export-activities';
import type { VersionPlan } from '../activities/dataset-activities';
import { validateRunInput, withCurrentDefaults, type RunSettings } from '../domain/run-input';
import { runNameForWorkflowId, runNameProblem } from '../domain/run-name';
import { emptyTally, mergeTally } from '../domain/tally';
import { addUsage, type TokenUsage } from '../domain/tokens';
import type { RootOutcomeRow, RootRef } from '../store/run-store';
import { FATAL_LLM_ERRORS, ioActivities } from './activity-proxies';
import type { CstRootInput, cstRootWorkflow } from './cst-root-workflow';
import { RunControl, type ControlState } from './run-control';
import { markRun } from './search-attributes';
import type { AnswerProgress, AnswerStageSummary, answerStageWorkflow } from './answer-stage-workflow';
import type { ScorerProgress, ScorerStageResult, scorerStageWorkflow } from './scorer-stage-workflow';
import { rootFailureMessage, rootFailureType } from './failures';

export type RunStage = 'ingesting' | 'generating' | 'scoring' | 'filtering' | 'answering' | 'exporting' | 'finalizing' | 'completed';

export interface RunProgress {
  runName: string;
  stage: RunStage;
  documents: number;
  diagnostics: { errors: number; warnings: number };
  roots: { total: number; done: number; failed: number; inFlight: number };
  /** The CST pass under way; passes after the first expand only the roots still under quota. */
  pass: { current: number; max: number; rootsRepassed: number; rootsRepassedDone: number };
  nodes: number;
  candidates: number;
  drops: number;
  parseRetries: number;
  tokens: TokenUsage;
  /** Filled in by the client from the scorer stage's own query while the run is scoring. */
  scorer?: ScorerProgress;
  /** Filled in by the client from the answer stage's own query while the run is answering. */
  answers?: AnswerProgress;
  /** Paused (and why), stopping, the budget in force and the roots kept in flight. */
  control?: ControlState;
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
  /**
   * The CST pass under way (1-based). With the scorer, CST passes alternate with filtering (pass 1
   * for every root, score and filter, another pass for the roots under quota, filter them again, up
   * to maxPasses); without it, each root workflow runs its passes itself.
   */
  pass: number;
  /** The scorer stage's result once it ran (alternating runs carry it across continue-as-new). */
  scorer?: ScorerStageResult;
  /** Pause, stop, budget and concurrency as the operator last set them. */
  control?: ControlState;
  /** A version of a named dataset: what it carried forward from the previous version. */
  refresh?: VersionPlan;
}

const PAGE_SIZE = 100;

const emptyTotals = (): RunTotals => ({ ...emptyTally(), rootsDone: 0, rootsFailed: 0 });

export async function augconRun(input: unknown, carried?: RunState): Promise<RunSummary> {
  const io = ioActivities();
  /** What the progress query reports besides the carried state. */
  const live: { stage: RunStage; inFlight: number; summary?: RunSummary } = { stage: carried ? 'generating' : 'ingesting', inFlight: 0 };
  let state: RunState | undefined = carried;
  const settingsOnce = carried ? withCurrentDefaults(carried.settings) : validated(input);
  const runName = carried?.runName ?? settingsOnce.runName ?? runNameOfWorkflowId();

  const control = new RunControl({
    budget: settingsOnce.budget,
    maxConcurrentRoots: settingsOnce.orchestration.maxConcurrentRoots,
    usage: carried?.totals.usage,
    state: carried?.control,
  });
  control.install({ updates: true });
  const mark = () => markRun({ runName, dataset: settingsOnce.dataset.name ?? runName, stage: live.stage, control: control.state });
  /** The scorer or answer stage while it runs: operator actions and budget changes are passed on to it. */
  let activeStage: string | undefined;
  control.onChange((changed, signal) => {
    mark();
    if (activeStage && signal) {
      const stage = getExternalWorkflowHandle(activeStage);
      void (signal === 'budget' ? stage.signal('budget', changed.budget) : stage.signal(signal)).catch(() => undefined);
    }
  });
  const setStage = (stage: RunStage) => {
    live.stage = stage;
    mark();
  };

  setHandler(progressQuery, (): RunProgress => ({
    runName,
    stage: live.stage,
    documents: state?.ingest.documents ?? 0,
    diagnostics: state?.ingest.diagnostics ?? { errors: 0, warnings: 0 },
    roots: { total: state?.ingest.roots ?? 0, done: state?.totals.rootsDone ?? 0, failed: state?.totals.rootsFailed ?? 0, inFlight: live.inFlight },
    pass: {
      current: state?.pass ?? 1,
      max: settingsOnce.cst.maxPasses,
      rootsRepassed: state?.totals.rootsRepassed ?? 0,
      rootsRepassedDone: state?.totals.rootsRepassedDone ?? 0,
    },
    nodes: state?.totals.nodes ?? 0,
    candidates: state?.totals.candidates ?? 0,
    drops: state?.totals.drops ?? 0,
    parseRetries: state?.totals.parseRetries ?? 0,
    tokens: control.tokensUsed,
    control: control.state,
    summary: live.summary,
  }));

  mark();
  if (!state) {
    const { workflowId, firstExecutionRunId } = workflowInfo();
    const ingest = await io.ingestCorpus({ runName, settings: settingsOnce, owner: { workflowId, firstExecutionRunId } });
    // A version of a named dataset: unchanged roots are carried forward from the previous version.
    const refresh = settingsOnce.dataset.name !== undefined ? await io.prepareVersion({ runName, settings: settingsOnce }) : undefined;
    state = {
      settings: settingsOnce,
      runName,
      ingest,
      cursor: -1,
      totals: emptyTotals(),
      startedAtMs: Date.now(),
      continuedAsNew: 0,
      pass: 1,
      ...(refresh ? { refresh } : {}),
    };
    setStage('generating');
  }
  const run: RunState = { ...state, settings: settingsOnce, control: control.state };
  state = run;
  const { settings } = run;
  const alternatePasses = settings.scorer.enabled;
  const { rootsPerHistory } = settings.orchestration;
  let fatal: unknown;

  async function expandRoot(root: RootRef, pass: number, previous: RootOutcomeRow | undefined): Promise<void> {
    const rootInput: CstRootInput = { runName, runSeed: settings.seed, root: rootRefOnly(root), cst: settings.cst, orchestration: settings.orchestration };
    try {
      const result = await control.gracefulStop.child(
        startChild<typeof cstRootWorkflow>('cstRootWorkflow', {
          workflowId: `${workflowInfo().workflowId}/root-${root.seq}${pass > 1 ? `-pass-${pass}` : ''}`,
          args: [alternatePasses ? { ...rootInput, onlyPass: pass, ...(previous ? { previous: outcomeCounts(previous) } : {}) } : rootInput],
        }),
      );
      mergeTally(run.totals, result);
      run.totals.childWorkflows += 1; // the root workflow itself
      control.charge(result.usage);
    } catch (error) {
      if (isCancellation(error)) throw error;
      if (FATAL_LLM_ERRORS.includes(rootFailureType(error) ?? '')) {
        fatal ??= error;
        return;
      }
      run.totals.rootsFailed += 1;
      // A root whose later pass failed keeps what its earlier passes produced.
      const earlier = previous ?? { rootId: root.rootId, docId: root.docId, quota: 0, candidates: 0, drops: 0, passes: 0, nodes: 0 };
      await io.recordRootOutcome({ runName, outcome: { ...earlier, error: rootFailureMessage(error) } });
    } finally {
      if (pass === 1) run.totals.rootsDone += 1;
      else run.totals.rootsRepassedDone = (run.totals.rootsRepassedDone ?? 0) + 1;
      live.inFlight -= 1;
    }
  }

  async function scorerStage(): Promise<ScorerStageResult> {
    activeStage = `${workflowInfo().workflowId}/scorer`;
    const result = await executeChild<typeof scorerStageWorkflow>('scorerStageWorkflow', {
      workflowId: activeStage,
      args: [
        {
          runName,
          settings,
          control: { ...control.state },
          tokensBefore: control.tokensUsed,
          ...(run.refresh?.reuseScorer ? { reuseFrom: run.refresh.previousRun } : {}),
        },
      ],
    });
    activeStage = undefined;
    control.charge(result.negativeTokens);
    return result;
  }

  /** Scores and filters again the roots that ran pass `pass` (the scorer trained after pass 1 is reused). */
  async function filterAgain(pass: number): Promise<void> {
    for (let afterSeq = -1; ; ) {
      const page = await io.filterRoots({ runName, afterSeq, limit: PAGE_SIZE, settings, pass });
      if (page.roots === 0) break;
      afterSeq = page.lastSeq;
    }
  }

  let startedInThisHistory = 0;
  /** Starts the current pass's roots from the cursor; false when the history is full before the last one. */
  async function expandPassRoots(): Promise<boolean> {
    const children: Promise<void>[] = [];
    let exhausted = false;
    for (;;) {
      const page: (RootRef & { outcome?: RootOutcomeRow })[] =
        run.pass === 1
          ? run.refresh?.carriedRoots
            ? await io.listPendingRoots({ runName, afterSeq: run.cursor, limit: PAGE_SIZE })
            : await io.listRootRefs({ runName, afterSeq: run.cursor, limit: PAGE_SIZE })
          : await io.listUnderQuotaRoots({ runName, passes: run.pass - 1, afterSeq: run.cursor, limit: PAGE_SIZE });
      if (page.length === 0) {
        exhausted = true;
        break;
      }
      for (const root of page) {
        // Paused (by the operator or a budget cap): wait; stopping: start no more roots.
        if (!(await control.mayStart(() => live.inFlight < control.state.maxConcurrentRoots || fatal !== undefined))) break;
        if (fatal !== undefined) break;
        live.inFlight += 1;
        run.totals.maxPendingChildren = Math.max(run.totals.maxPendingChildren, live.inFlight);
        if (run.pass > 1) run.totals.rootsRepassed = (run.totals.rootsRepassed ?? 0) + 1;
        children.push(expandRoot(root, run.pass, root.outcome));
        run.cursor = root.seq;
        startedInThisHistory += 1;
        if (startedInThisHistory >= rootsPerHistory) break;
      }
      if (fatal !== undefined || control.state.stopping || startedInThisHistory >= rootsPerHistory) break;
    }
    await Promise.all(children);
    if (fatal !== undefined) {
      throw ApplicationFailure.create({
        type: 'LlmConfigurationError',
        nonRetryable: true,
        message: `the run's LLM calls cannot succeed (${rootFailureType(fatal)}): ${rootFailureMessage(fatal)}. Check the worker's AUGCON_LLM_* settings.`,
      });
    }
    // Every root of pass 1 started: the history need not continue as new to find none left.
    return exhausted || control.state.stopping || startedInThisHistory < rootsPerHistory || (run.pass === 1 && run.cursor >= run.ingest.roots - 1);
  }

  for (;;) {
    if (!(await expandPassRoots())) {
      await continueAsNew<typeof augconRun>(input, { ...run, continuedAsNew: run.continuedAsNew + 1 });
    }
    if (!alternatePasses || control.state.stopping) break;
    if (run.pass === 1) {
      setStage('scoring');
      run.scorer = await scorerStage();
    } else {
      setStage('filtering');
      await filterAgain(run.pass);
    }
    if (run.pass >= settings.cst.maxPasses) break;
    const next = await io.listUnderQuotaRoots({ runName, passes: run.pass, afterSeq: -1, limit: 1 });
    if (next.length === 0) break;
    run.pass += 1;
    run.cursor = -1;
    setStage('generating');
  }

  const scorer: ScorerStageResult | undefined = run.scorer;

  let answers: AnswerStageSummary | undefined;
  let dataset: DatasetExportSummary | undefined;
  if (settings.answers.enabled && !control.state.stopping) {
    setStage('answering');
    activeStage = `${workflowInfo().workflowId}/answers`;
    answers = await executeChild<typeof answerStageWorkflow>('answerStageWorkflow', {
      workflowId: activeStage,
      args: [
        {
          runName,
          settings,
          filtered: scorer !== undefined,
          control: { ...control.state },
          tokensBefore: control.tokensUsed,
          ...(run.refresh?.reuseDemonstrations ? { reuseDemonstrations: true } : {}),
        },
      ],
    });
    activeStage = undefined;
    control.charge(addUsage(answers.tokens, answers.selfImprovementTokens));
    setStage('exporting');
    dataset = await io.exportDataset({ runName, filtered: scorer !== undefined });
  }

  setStage('finalizing');
  const summary = await io.finalizeRun({
    scorer,
    answers,
    dataset,
    runName,
    workflowId: workflowInfo().workflowId,
    startedAtMs: run.startedAtMs,
    finishedAtMs: Date.now(),
    continuedAsNew: run.continuedAsNew,
    totals: run.totals,
    stopped: control.state.stopping,
  });
  live.summary = summary;
  setStage('completed');
  return summary;
}

const rootRefOnly = ({ rootId, seq, docId, index, chars, script, lengthScale }: RootRef): RootRef => ({ rootId, seq, docId, index, chars, script, lengthScale });

const outcomeCounts = ({ candidates, drops, nodes }: RootOutcomeRow) => ({ candidates, drops, nodes });

/**
 * The run name of a run whose input has none: its workflow id when that is a valid run name (no
 * marker, no change for such runs); a scheduled run's id without the colons of its start time; any
 * other id fails the run at once, before any activity.
 */
function runNameOfWorkflowId(): string {
  const { workflowId } = workflowInfo();
  if (runNameProblem(workflowId) === undefined) return workflowId;
  const runName = runNameForWorkflowId(workflowId);
  const problem = runNameProblem(runName);
  if (problem !== undefined) {
    throw ApplicationFailure.nonRetryable(
      `invalid run input:\n${problem} (a run without "runName" is named after its workflow id: set "runName" or start it under another workflow id)`,
      'InvalidRunInput',
    );
  }
  return runName;
}

function validated(input: unknown): RunSettings {
  const result = validateRunInput(input);
  if (!result.ok) throw ApplicationFailure.nonRetryable(`invalid run input:\n${result.message}`, 'InvalidRunInput');
  return result.settings;
}
