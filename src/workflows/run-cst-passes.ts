/**
 * Stage 1 of augconRun, with stage 2 between passes: every root expanded as a cstRootWorkflow child
 * through a bounded window of orchestration.maxConcurrentRoots (the operator can change it live).
 * With the scorer, passes alternate with filtering: pass 1 for every root, the scorer stage, another
 * pass for the roots still under quota, filter those again, up to cst.maxPasses. The run continues as
 * new every orchestration.rootsPerHistory roots so its history stays small.
 */
import { ApplicationFailure, continueAsNew, executeChild, isCancellation, startChild, workflowInfo } from '@temporalio/workflow';
import type { RunTotals } from '../activities/contracts';
import type { RootOutcomeRow, RootRef } from '../store/run-store';
import { sendBatch } from './batch-round';
import { mergeTally } from '../domain/tally';
import { FATAL_LLM_ERRORS } from './activity-proxies';
import { BoundedWindow } from './bounded-window';
import type { CstRootInput, cstRootWorkflow } from './cst-root-workflow';
import { rootFailureMessage, rootFailureType } from './failures';
import { executeStage, type RunContext, type RunState } from './run-context';
import type { augconRun } from './run-workflow';
import type { ScorerStageResult, scorerStageWorkflow } from './scorer-stage-workflow';

const PAGE_SIZE = 100;

/** Runs the CST passes (and the scorer between them) to the end, continuing as new when the history is full. */
export async function cstPasses(ctx: RunContext, run: RunState): Promise<void> {
  const alternatePasses = run.settings.scorer.enabled;
  for (;;) {
    if (run.settings.llm.mode === 'batch' && !run.batchRound) run.batchRound = { round: 1, totals: copied(run.totals), tokens: ctx.control.tokensUsed };
    if (!(await expandPassRoots(ctx, run))) {
      await continueAsNew<typeof augconRun>(ctx.input, { ...run, continuedAsNew: run.continuedAsNew + 1 });
    }
    if (await passAgainAfterBatch(ctx, run)) continue;
    if (!alternatePasses || ctx.control.state.stopping) return;
    if (run.pass === 1) {
      ctx.setStage('scoring');
      run.scorer = await scorerStage(ctx, run);
    } else {
      ctx.setStage('filtering');
      await filterAgain(ctx, run);
    }
    if (run.pass >= run.settings.cst.maxPasses) return;
    const next = await ctx.io.listUnderQuotaRoots({ runName: ctx.runName, passes: run.pass, afterSeq: -1, limit: 1 });
    if (next.length === 0) return;
    run.pass += 1;
    run.cursor = -1;
    ctx.setStage('generating');
  }
}

/**
 * Batch mode: sends the calls the pass's roots deferred (the next level of every tree) as one batch
 * and, once its replies are stored, sets the pass up to run again from its first root with the
 * totals it started with (each round's root workflows count their whole trees). False when the pass
 * deferred nothing: it is done.
 */
async function passAgainAfterBatch(ctx: RunContext, run: RunState): Promise<boolean> {
  const rounds = run.batchRound;
  if (!rounds || ctx.control.state.stopping) return false;
  if (!(await sendBatch(ctx.runName, run.settings.llm, `cst-pass-${run.pass}-round-${rounds.round}`, (wait) => (ctx.batch = wait)))) {
    run.batchRound = undefined;
    return false;
  }
  run.batchRound = { ...rounds, round: rounds.round + 1 };
  run.totals = copied(rounds.totals);
  ctx.control.rewindUsage(rounds.tokens);
  run.cursor = -1;
  return true;
}

const copied = (totals: RunTotals): RunTotals => JSON.parse(JSON.stringify(totals)) as RunTotals;

/** Starts the current pass's roots from the cursor; false when the history is full before the last one. */
async function expandPassRoots(ctx: RunContext, run: RunState): Promise<boolean> {
  const { control } = ctx;
  const { rootsPerHistory } = run.settings.orchestration;
  const window = new BoundedWindow(control, () => control.state.maxConcurrentRoots);
  ctx.roots = window;
  let exhausted = false;
  const historyFull = () => ctx.startedInThisHistory >= rootsPerHistory;
  for (;;) {
    const page = await passRootsAfterCursor(ctx, run);
    if (page.length === 0) {
      exhausted = true;
      break;
    }
    for (const root of page) {
      // Paused (by the operator or a budget cap): wait; stopping or a fatal LLM error: start no more roots.
      if (!(await window.start(() => expandRoot(ctx, run, root, run.pass, root.outcome)))) break;
      run.totals.maxPendingChildren = Math.max(run.totals.maxPendingChildren, window.active);
      if (run.pass > 1) run.totals.rootsRepassed = (run.totals.rootsRepassed ?? 0) + 1;
      run.cursor = root.seq;
      ctx.startedInThisHistory += 1;
      if (historyFull()) break;
    }
    if (window.failed || control.state.stopping || historyFull()) break;
  }
  try {
    await window.drain();
  } catch (error) {
    if (!FATAL_LLM_ERRORS.includes(rootFailureType(error) ?? '')) throw error;
    throw ApplicationFailure.create({
      type: 'LlmConfigurationError',
      nonRetryable: true,
      message: `the run's LLM calls cannot succeed (${rootFailureType(error)}): ${rootFailureMessage(error)}. Check the worker's AUGCON_LLM_* settings.`,
    });
  }
  // Every root of pass 1 started: the history need not continue as new to find none left.
  return exhausted || control.state.stopping || !historyFull() || (run.pass === 1 && run.cursor >= run.ingest.roots - 1);
}

/** The next page of the pass's roots: every root (pass 1; a refresh's not carried forward), else those under quota. */
async function passRootsAfterCursor(ctx: RunContext, run: RunState): Promise<(RootRef & { outcome?: RootOutcomeRow })[]> {
  const { io, runName } = ctx;
  if (run.pass > 1) return io.listUnderQuotaRoots({ runName, passes: run.pass - 1, afterSeq: run.cursor, limit: PAGE_SIZE });
  if (run.refresh?.carriedRoots) return io.listPendingRoots({ runName, afterSeq: run.cursor, limit: PAGE_SIZE });
  return io.listRootRefs({ runName, afterSeq: run.cursor, limit: PAGE_SIZE });
}

/** One root's pass as a child workflow; a failed root is recorded and the run goes on, a fatal LLM error is rethrown. */
async function expandRoot(ctx: RunContext, run: RunState, root: RootRef, pass: number, previous: RootOutcomeRow | undefined): Promise<void> {
  const { settings } = run;
  const rootInput: CstRootInput = { runName: ctx.runName, runSeed: settings.seed, root: rootRefOnly(root), cst: settings.cst, orchestration: settings.orchestration };
  try {
    const result = await ctx.control.gracefulStop.child(
      startChild<typeof cstRootWorkflow>('cstRootWorkflow', {
        workflowId: `${workflowInfo().workflowId}/root-${root.seq}${pass > 1 ? `-pass-${pass}` : ''}${(run.batchRound?.round ?? 1) > 1 ? `-round-${run.batchRound!.round}` : ''}`,
        args: [settings.scorer.enabled ? { ...rootInput, onlyPass: pass, ...(previous ? { previous: outcomeCounts(previous) } : {}) } : rootInput],
      }),
    );
    mergeTally(run.totals, result);
    run.totals.childWorkflows += 1; // the root workflow itself
    ctx.control.charge(result.usage);
  } catch (error) {
    if (isCancellation(error) || FATAL_LLM_ERRORS.includes(rootFailureType(error) ?? '')) throw error;
    run.totals.rootsFailed += 1;
    // A root whose later pass failed keeps what its earlier passes produced.
    const earlier = previous ?? { rootId: root.rootId, docId: root.docId, quota: 0, candidates: 0, drops: 0, passes: 0, nodes: 0 };
    await ctx.io.recordRootOutcome({ runName: ctx.runName, outcome: { ...earlier, error: rootFailureMessage(error) } });
  } finally {
    if (pass === 1) run.totals.rootsDone += 1;
    else run.totals.rootsRepassedDone = (run.totals.rootsRepassedDone ?? 0) + 1;
  }
}

/** Stage 2 after pass 1: negatives, training, scoring and filtering in the scorer stage's own workflow. */
async function scorerStage(ctx: RunContext, run: RunState): Promise<ScorerStageResult> {
  const result = await executeStage(ctx, 'scorer', (workflowId, common) =>
    executeChild<typeof scorerStageWorkflow>('scorerStageWorkflow', {
      workflowId,
      args: [{ ...common, ...(run.refresh?.reuseScorer ? { reuseFrom: run.refresh.previousRun } : {}) }],
    }),
  );
  ctx.control.charge(result.negativeTokens);
  return result;
}

/** Scores and filters again the roots that ran this pass (the scorer trained after pass 1 is reused). */
async function filterAgain(ctx: RunContext, run: RunState): Promise<void> {
  for (let afterSeq = -1; ; ) {
    const page = await ctx.io.filterRoots({ runName: ctx.runName, afterSeq, limit: PAGE_SIZE, settings: run.settings, pass: run.pass });
    if (page.roots === 0) break;
    afterSeq = page.lastSeq;
  }
}

const rootRefOnly = ({ rootId, seq, docId, index, chars, script, lengthScale }: RootRef): RootRef => ({ rootId, seq, docId, index, chars, script, lengthScale });

const outcomeCounts = ({ candidates, drops, nodes }: RootOutcomeRow) => ({ candidates, drops, nodes });
