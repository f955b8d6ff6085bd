/**
 * augconRun: the whole run, stage by stage, top to bottom. It validates its one input object
 * (run-context.ts), ingests the corpus (stage 0), runs the CST passes and the scorer between them
 * (stages 1 and 2, run-cst-passes.ts), answers the questions in the answer stage's own workflow
 * (stage 3), exports the dataset and finalizes the run directory.
 */
import { executeChild, workflowInfo } from '@temporalio/workflow';
import type { RunSummary, RunTotals } from '../activities/contracts';
import type { DatasetExportSummary } from '../activities/export-activities';
import { emptyTally } from '../domain/tally';
import { addUsage } from '../domain/tokens';
import type { AnswerStageSummary, answerStageWorkflow } from './answer-stage-workflow';
import { executeStage, openRun, type RunContext, type RunState } from './run-context';
import { cstPasses } from './run-cst-passes';

export async function augconRun(input: unknown, carried?: RunState): Promise<RunSummary> {
  const ctx = openRun(input, carried);
  const run: RunState = { ...(ctx.state ?? (await ingest(ctx))), settings: ctx.settings, control: ctx.control.state };
  ctx.state = run;
  await cstPasses(ctx, run);
  const answered = run.settings.answers.enabled && !ctx.control.state.stopping ? await answerAndExport(ctx, run) : {};
  return finalize(ctx, run, answered);
}

/** Stage 0: the corpus into roots, and for a dataset's new version what it carries forward. */
async function ingest(ctx: RunContext): Promise<RunState> {
  const { io, runName, settings } = ctx;
  const { workflowId, firstExecutionRunId } = workflowInfo();
  const ingested = await io.ingestCorpus({ runName, settings, owner: { workflowId, firstExecutionRunId } });
  // A version of a named dataset: unchanged roots are carried forward from the previous version.
  const refresh = settings.dataset.name !== undefined ? await io.prepareVersion({ runName, settings }) : undefined;
  const state: RunState = {
    settings,
    runName,
    ingest: ingested,
    cursor: -1,
    totals: emptyTotals(),
    startedAtMs: Date.now(),
    continuedAsNew: 0,
    pass: 1,
    ...(refresh ? { refresh } : {}),
  };
  ctx.state = state;
  ctx.setStage('generating');
  return state;
}

interface Answered {
  answers?: AnswerStageSummary;
  dataset?: DatasetExportSummary;
}

/** Stage 3 in its own workflow, then the dataset files. */
async function answerAndExport(ctx: RunContext, run: RunState): Promise<Answered> {
  const filtered = run.scorer !== undefined;
  ctx.setStage('answering');
  const answers = await executeStage(ctx, 'answers', (workflowId, common) =>
    executeChild<typeof answerStageWorkflow>('answerStageWorkflow', {
      workflowId,
      args: [{ ...common, filtered, ...(run.refresh?.reuseDemonstrations ? { reuseDemonstrations: true } : {}) }],
    }),
  );
  ctx.control.charge(addUsage(answers.tokens, answers.selfImprovementTokens));
  ctx.setStage('exporting');
  const dataset = await ctx.io.exportDataset({ runName: ctx.runName, filtered });
  return { answers, dataset };
}

/** The manifest, report inputs and dataset version: the run's summary. */
async function finalize(ctx: RunContext, run: RunState, { answers, dataset }: Answered): Promise<RunSummary> {
  ctx.setStage('finalizing');
  const summary = await ctx.io.finalizeRun({
    scorer: run.scorer,
    answers,
    dataset,
    runName: ctx.runName,
    workflowId: workflowInfo().workflowId,
    startedAtMs: run.startedAtMs,
    finishedAtMs: Date.now(),
    continuedAsNew: run.continuedAsNew,
    totals: run.totals,
    stopped: ctx.control.state.stopping,
  });
  ctx.summary = summary;
  ctx.setStage('completed');
  return summary;
}

const emptyTotals = (): RunTotals => ({ ...emptyTally(), rootsDone: 0, rootsFailed: 0 });
