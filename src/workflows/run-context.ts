/**
 * What augconRun's stages share: the run's name, settings and carried state, its control (pause,
 * stop, budget, concurrency), the stage it is in and the progress query that reports it. Built by
 * openRun before the first command; the stages (run-workflow.ts, run-cst-passes.ts) read and update it.
 */
import { ApplicationFailure, defineQuery, getExternalWorkflowHandle, setHandler, workflowInfo } from '@temporalio/workflow';
import type { IngestResult, RunSummary, RunTotals } from '../activities/contracts';
import type { VersionPlan } from '../activities/dataset-activities';
import { validateRunInput, withCurrentDefaults, type RunSettings } from '../domain/run-input';
import { runNameForWorkflowId, runNameProblem } from '../domain/run-name';
import type { TokenUsage } from '../domain/tokens';
import { ioActivities } from './activity-proxies';
import type { BatchWait } from './batch-round';
import type { BoundedWindow } from './bounded-window';
import { RunControl, type ControlState } from './run-control';
import type { AnswerProgress } from './answer-stage-workflow';
import type { ScorerProgress, ScorerStageResult } from './scorer-stage-workflow';
import { markRun } from './search-attributes';

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
  /** Batch mode: the batch of a CST pass the run waits for. */
  batch?: BatchWait;
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
  /**
   * Batch mode: the pass's round (each round ends with a batch of the calls it deferred, then the
   * pass runs again) and the totals and tokens before its first round, which each round starts from.
   */
  batchRound?: { round: number; totals: RunTotals; tokens: TokenUsage };
}

export interface RunContext {
  /** The workflow's input as given (continue-as-new passes it on unchanged). */
  input: unknown;
  io: ReturnType<typeof ioActivities>;
  runName: string;
  /** Validated once: from the input on the first history, from the carried state after. */
  settings: RunSettings;
  control: RunControl;
  stage: RunStage;
  /** The carried state, once the corpus is ingested. */
  state?: RunState;
  /** The window of the pass's root workflows while a CST pass runs. */
  roots?: BoundedWindow;
  /** Roots started in this history (the run continues as new at orchestration.rootsPerHistory). */
  startedInThisHistory: number;
  /** Batch mode: the batch of a CST pass the run waits for. */
  batch?: BatchWait;
  /** The workflow id of the scorer or answer stage while it runs: operator actions are passed on to it. */
  activeStage?: string;
  summary?: RunSummary;
  setStage(stage: RunStage): void;
}

/** What every stage workflow (scorer, answers) is given by the run. */
export interface StageCommonInput {
  runName: string;
  settings: RunSettings;
  /** The run's control state when the stage starts; the run passes on later changes. */
  control: ControlState;
  /** Tokens the run had used before the stage: the budget counts them too. */
  tokensBefore: TokenUsage;
}

/**
 * Runs a stage's own workflow as the child `<run's workflow id>/<name>`: `start` gets the child's id
 * and the input every stage takes. While it runs, the operator's actions are passed on to it.
 */
export async function executeStage<T>(ctx: RunContext, name: 'scorer' | 'answers', start: (workflowId: string, common: StageCommonInput) => Promise<T>): Promise<T> {
  const { control } = ctx;
  ctx.activeStage = `${workflowInfo().workflowId}/${name}`;
  const result = await start(ctx.activeStage, { runName: ctx.runName, settings: ctx.settings, control: { ...control.state }, tokensBefore: control.tokensUsed });
  ctx.activeStage = undefined;
  return result;
}

/** Validates the input (or takes the carried state), installs control and the progress query; no commands. */
export function openRun(input: unknown, carried: RunState | undefined): RunContext {
  const settings = carried ? withCurrentDefaults(carried.settings) : validated(input);
  const runName = carried?.runName ?? settings.runName ?? runNameOfWorkflowId();
  const control = new RunControl({
    budget: settings.budget,
    maxConcurrentRoots: settings.orchestration.maxConcurrentRoots,
    usage: carried?.totals.usage,
    state: carried?.control,
  });
  control.install({ updates: true });
  const mark = () => markRun({ runName, dataset: settings.dataset.name ?? runName, stage: run.stage, control: control.state });
  const run: RunContext = {
    input,
    io: ioActivities(),
    runName,
    settings,
    control,
    stage: carried ? 'generating' : 'ingesting',
    state: carried,
    startedInThisHistory: 0,
    setStage(stage) {
      run.stage = stage;
      mark();
    },
  };
  control.onChange((changed, signal) => {
    mark();
    if (run.activeStage && signal) {
      const stage = getExternalWorkflowHandle(run.activeStage);
      void (signal === 'budget' ? stage.signal('budget', changed.budget) : stage.signal(signal)).catch(() => undefined);
    }
  });
  setHandler(progressQuery, () => progressOf(run));
  mark();
  return run;
}

function progressOf(run: RunContext): RunProgress {
  const { state } = run;
  return {
    runName: run.runName,
    stage: run.stage,
    documents: state?.ingest.documents ?? 0,
    diagnostics: state?.ingest.diagnostics ?? { errors: 0, warnings: 0 },
    roots: { total: state?.ingest.roots ?? 0, done: state?.totals.rootsDone ?? 0, failed: state?.totals.rootsFailed ?? 0, inFlight: run.roots?.active ?? 0 },
    pass: {
      current: state?.pass ?? 1,
      max: run.settings.cst.maxPasses,
      rootsRepassed: state?.totals.rootsRepassed ?? 0,
      rootsRepassedDone: state?.totals.rootsRepassedDone ?? 0,
    },
    nodes: state?.totals.nodes ?? 0,
    candidates: state?.totals.candidates ?? 0,
    drops: state?.totals.drops ?? 0,
    parseRetries: state?.totals.parseRetries ?? 0,
    tokens: run.control.tokensUsed,
    control: run.control.state,
    ...(run.batch ? { batch: run.batch } : {}),
    summary: run.summary,
  };
}

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
