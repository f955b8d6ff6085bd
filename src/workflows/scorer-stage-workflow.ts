/**
 * SPEC stage 2 as a child of the run: plan the triples, get every negative from a weakened prompt
 * (LLM activities through a bounded window of orchestration.maxConcurrentNegatives), train the
 * scorer, then score and filter the roots page by page. Its own history keeps the run's small.
 */
import { defineQuery, isCancellation, setHandler } from '@temporalio/workflow';
import type { ScorerStageSummary } from '../activities/contracts';
import { withCurrentDefaults, type RunSettings } from '../domain/run-input';
import { addUsage, zeroUsage, type TokenUsage } from '../domain/tokens';
import { RunControl, type ControlState } from './run-control';
import { FATAL_LLM_ERRORS, ioActivities, llmActivities, trainingActivities } from './activity-proxies';
import { rootFailureMessage, rootFailureType } from './failures';
import { forEachBounded } from './bounded-window';
import { inBatchRounds, type BatchWait } from './batch-round';
import { isDeferredToBatch } from '../domain/llm-errors';

export type ScorerStageResult = ScorerStageSummary;

const ROOT_PAGE = 100;

export interface ScorerProgress {
  phase: 'planning' | 'negatives' | 'training' | 'filtering' | 'done';
  negatives: { planned: number; done: number; failed: number };
  rootsFiltered: number;
  /** The stage gates its negatives itself: paused (and why), stopping, budget. Absent in older histories. */
  control?: ControlState;
  /** The run's tokens so far: those before the stage and the stage's own. */
  tokens?: TokenUsage;
  /** Batch mode: the batch the stage waits for. */
  batch?: BatchWait;
}

/** Answered by the scorer stage while it runs; `augcon status` shows it under the run's progress. */
export const scorerProgressQuery = defineQuery<ScorerProgress>('scorerProgress');

export interface ScorerStageInput {
  runName: string;
  settings: RunSettings;
  /** A dataset refresh: the run whose scorer is reused (no negatives, no training). */
  reuseFrom?: string;
  /** The run's control state when the stage starts (pause, budget, roots in flight); the run passes on later changes. */
  control?: ControlState;
  /** Tokens the run had used before this stage: the budget counts them too. */
  tokensBefore?: TokenUsage;
}

export async function scorerStageWorkflow(input: ScorerStageInput): Promise<ScorerStageResult> {
  const { runName } = input;
  const settings = withCurrentDefaults(input.settings);
  const io = ioActivities();
  const llm = llmActivities(settings.orchestration);
  const control = new RunControl({
    budget: input.control?.budget ?? settings.budget,
    maxConcurrentRoots: input.control?.maxConcurrentRoots ?? settings.orchestration.maxConcurrentRoots,
    usage: input.tokensBefore,
    state: input.control && { ...input.control },
  });
  control.install({ updates: false });
  let negativeTokens = zeroUsage();
  const progress: ScorerProgress = { phase: 'planning', negatives: { planned: 0, done: 0, failed: 0 }, rootsFiltered: 0, control: control.state };
  setHandler(scorerProgressQuery, () => ({ ...progress, tokens: control.tokensUsed }));
  // A dataset refresh reuses the previous version's scorer: no negatives, no training.
  const metrics = input.reuseFrom ? await io.describeReusedScorer({ runName, previousRun: input.reuseFrom }) : await trainNewScorer();

  async function trainNewScorer() {
    const plan = await io.planTriples({ runName, settings });
    progress.phase = 'negatives';
    progress.negatives.planned = plan.planned;

    // Batch mode: a negative whose call waits for a batch is asked again in the next round.
    let waiting: number[] = [];
    async function negative(seq: number): Promise<void> {
      try {
        const result = await control.gracefulStop.call(llm, (calls) => calls.generateNegative({ runName, seq, runSeed: settings.seed, cst: settings.cst }));
        negativeTokens = addUsage(negativeTokens, result.usage);
        control.charge(result.usage);
        progress.negatives.done += 1;
      } catch (error) {
        // A stop cancelled it while it retried: training uses the negatives there are.
        if (control.gracefulStop.ended(error)) return;
        if (isDeferredToBatch(error)) {
          waiting.push(seq);
          return;
        }
        progress.negatives.done += 1;
        // Cancellation and configuration errors stop the stage; anything else is a recorded failed negative.
        if (isCancellation(error) || FATAL_LLM_ERRORS.includes(rootFailureType(error) ?? '')) throw error;
        await io.failTriple({ runName, seq, detail: rootFailureMessage(error) });
        progress.negatives.failed += 1;
      }
    }
    // Paused (by the operator or the budget): wait; stopping: train on the negatives there are.
    let negatives: Iterable<number> = sequence(plan.planned);
    await inBatchRounds(runName, settings.llm, 'negatives', async () => {
      const asked = negatives;
      waiting = [];
      await forEachBounded(control, () => settings.orchestration.maxConcurrentNegatives, asked, negative);
      negatives = waiting.sort((a, b) => a - b);
    }, { stopping: () => control.state.stopping, onWait: (wait) => (progress.batch = wait) });

    progress.phase = 'training';
    return trainingActivities(settings.orchestration).trainScorer({ runName, settings });
  }

  progress.phase = 'filtering';
  const result: ScorerStageResult = { metrics, kept: 0, duplicates: 0, overQuota: 0, negativeTokens };
  for (let afterSeq = -1; ; ) {
    const page = await io.filterRoots({ runName, afterSeq, limit: ROOT_PAGE, settings });
    if (page.roots === 0) break;
    result.kept += page.kept;
    result.duplicates += page.duplicates;
    result.overQuota += page.overQuota;
    progress.rootsFiltered += page.roots;
    afterSeq = page.lastSeq;
  }
  progress.phase = 'done';
  return result;
}

/** 0, 1, ..., count - 1, lazily. */
function* sequence(count: number): Generator<number> {
  for (let seq = 0; seq < count; seq += 1) yield seq;
}
