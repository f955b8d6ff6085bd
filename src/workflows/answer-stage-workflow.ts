/**
 * SPEC stage 3 as a child of the run: self-improvement (each human example answered with itself left
 * out of the demonstrations and judged, for `rounds` rounds over the examples not yet passed, per
 * candidate set), the choice of demonstrations, then every kept question answered root by root.
 * Examples and roots go through bounded windows (bounded-window.ts) sized by
 * orchestration.maxConcurrentExamples and the run's live maxConcurrentRoots. Continues as new every
 * `rootsPerHistory` roots, so its history stays small.
 */
import { continueAsNew, defineQuery, isCancellation, setHandler } from '@temporalio/workflow';
import type { AnswerRootResult } from '../activities/answer-activities';
import type { AnswerStageSummary } from '../activities/contracts';

export type { AnswerStageSummary };
import { withCurrentDefaults, type RunSettings } from '../domain/run-input';
import { addUsage, zeroUsage, type TokenUsage } from '../domain/tokens';
import { RunControl, type ControlState } from './run-control';
import { FATAL_LLM_ERRORS, ioActivities, multiCallLlmActivities } from './activity-proxies';
import { rootFailureMessage, rootFailureType } from './failures';
import { BoundedWindow, forEachBounded } from './bounded-window';
import { inBatchRounds, sendBatch, type BatchWait, type OnBatchWait } from './batch-round';
import { isDeferredToBatch } from '../domain/llm-errors';
import type { RootRef } from '../store/run-store';

export interface AnswerStageInput {
  runName: string;
  settings: RunSettings;
  /** Answer the kept questions (the run filtered) or every candidate (scorer off). */
  filtered: boolean;
  /** The run's control state (pause, budget, roots in flight) when the stage starts; the run passes on later changes. */
  control?: ControlState;
  /** Tokens the run had used before this stage: the budget counts them too. */
  tokensBefore?: TokenUsage;
  /** A dataset refresh reuses the previous version's demonstrations: no self-improvement. */
  reuseDemonstrations?: boolean;
}


export interface AnswerProgress {
  phase: 'preparing' | 'self-improvement' | 'evaluating' | 'answering' | 'done';
  examples: { traced: number; passed: number; planned: number };
  rootsDone: number;
  answered: number;
  failed: number;
  control: ControlState;
  /** The run's tokens so far: those before the stage and the stage's own. */
  tokens?: TokenUsage;
  /** Batch mode: the batch the stage waits for. */
  batch?: BatchWait;
}

/** Answered by the answer stage while it runs; `augcon status` shows it under the run's progress. */
export const answerProgressQuery = defineQuery<AnswerProgress>('answerProgress');

/** Carried across continue-as-new once answering has started. */
export interface AnswerStageState {
  summary: AnswerStageSummary;
  cursor: number;
  rootsDone: number;
  control?: ControlState;
  /** Batch mode: the answering round, and the summary and tokens each round starts from. */
  batchRound?: number;
  beforeRound?: { summary: AnswerStageSummary; tokens: TokenUsage };
}

const ROOT_PAGE = 100;

/** The summary once the demonstrations are chosen, before any question is answered. */
function beforeAnswering(chosen: {
  examples: number;
  language: string;
  examplesJudged: number;
  examplesPassed: number;
  setIndex: number;
  demonstrations: number;
  judgedAccuracy: number;
  selfImprovementTokens: TokenUsage;
}): AnswerStageSummary {
  const { examples, language, examplesJudged, examplesPassed, setIndex, demonstrations, judgedAccuracy } = chosen;
  return {
    examples,
    language,
    examplesJudged,
    examplesPassed,
    demonstrationSet: setIndex,
    demonstrations,
    judgedAccuracy,
    questions: 0,
    answered: 0,
    failed: 0,
    revised: 0,
    tokens: zeroUsage(),
    selfImprovementTokens: chosen.selfImprovementTokens,
  };
}

export async function answerStageWorkflow(input: AnswerStageInput, carried?: AnswerStageState): Promise<AnswerStageSummary> {
  const { runName, filtered } = input;
  const settings = withCurrentDefaults(input.settings);
  const io = ioActivities();
  const llm = multiCallLlmActivities(settings.orchestration);
  const control = new RunControl({
    budget: input.control?.budget ?? settings.budget,
    maxConcurrentRoots: input.control?.maxConcurrentRoots ?? settings.orchestration.maxConcurrentRoots,
    usage: addUsage(input.tokensBefore ?? zeroUsage(), carried?.summary.tokens ?? zeroUsage()),
    state: carried?.control ?? (input.control && { ...input.control }),
  });
  control.install({ updates: false });
  const progress: AnswerProgress = {
    phase: carried ? 'answering' : 'preparing',
    examples: { traced: 0, passed: 0, planned: 0 },
    rootsDone: carried?.rootsDone ?? 0,
    answered: carried?.summary.answered ?? 0,
    failed: carried?.summary.failed ?? 0,
    control: control.state,
  };
  setHandler(answerProgressQuery, () => ({ ...progress, tokens: control.tokensUsed }));

  const examplesWindow = () => settings.orchestration.maxConcurrentExamples;
  const onWait: OnBatchWait = (wait) => (progress.batch = wait);
  const rootsWindow = () => control.state.maxConcurrentRoots;

  const summary: AnswerStageSummary = carried?.summary ?? (input.reuseDemonstrations ? await reused() : await selfImprove());

  async function reused(): Promise<AnswerStageSummary> {
    const chosen = await io.describeReusedDemonstrations({ runName });
    return beforeAnswering({ ...chosen, examplesJudged: 0, examplesPassed: 0, selfImprovementTokens: zeroUsage() });
  }

  /**
   * Traces the examples through the window; in batch mode an example whose call was deferred is
   * traced again once the batch's replies are stored (those traced are not: their results are counted).
   */
  async function tracedInBatchRounds(name: string, examples: ExampleRef[], trace: (example: ExampleRef) => Promise<void>): Promise<void> {
    let asked = examples;
    await inBatchRounds(runName, settings.llm, name, async () => {
      const waiting: ExampleRef[] = [];
      await forEachBounded(control, examplesWindow, asked, async (example) => {
        try {
          await trace(example);
        } catch (error) {
          if (!isDeferredToBatch(error)) throw error;
          waiting.push(example);
        }
      });
      asked = waiting;
    }, { stopping: () => control.state.stopping, onWait });
  }

  async function selfImprove(): Promise<AnswerStageSummary> {
    const prepared = await io.prepareAnswers({ runName, settings });
    progress.phase = 'self-improvement';
    const { candidateSets, rounds } = settings.answers;
    const passed = new Set<string>();
    let judged = 0;
    let selfImprovementTokens = zeroUsage();
    // Traces are charged like every other call: the budget pauses self-improvement too.
    const charge = (usage: TokenUsage) => {
      selfImprovementTokens = addUsage(selfImprovementTokens, usage);
      control.charge(usage);
    };
    for (let round = 1; round <= rounds; round += 1) {
      const pending: ExampleRef[] = [];
      for (let setIndex = 0; setIndex < candidateSets; setIndex += 1) {
        for (let exampleIndex = 0; exampleIndex < prepared.examples; exampleIndex += 1) {
          if (!passed.has(`${setIndex}/${exampleIndex}`)) pending.push({ setIndex, exampleIndex });
        }
      }
      if (pending.length === 0) break;
      progress.examples.planned += pending.length;
      await tracedInBatchRounds(`self-improvement-${round}`, pending, async ({ setIndex, exampleIndex }) => {
        const trace = await control.gracefulStop.call(llm, (calls) => calls.traceExample({ runName, settings, setIndex, round, exampleIndex }));
        charge(trace.usage);
        progress.examples.traced += 1;
        if (trace.verdict === 'yes') {
          passed.add(`${setIndex}/${exampleIndex}`);
          progress.examples.passed += 1;
        }
        judged += 1;
      });
    }
    const { evaluate } = await io.assembleCandidateSets({ runName, settings });
    if (evaluate.length > 0) {
      progress.phase = 'evaluating';
      const pending = evaluate.flatMap(({ setIndex, exampleIndices }) => exampleIndices.map((exampleIndex) => ({ setIndex, exampleIndex })));
      progress.examples.planned += pending.length;
      await tracedInBatchRounds('evaluation', pending, async ({ setIndex, exampleIndex }) => {
        charge((await control.gracefulStop.call(llm, (calls) => calls.traceExample({ runName, settings, setIndex, round: 0, exampleIndex }))).usage);
        progress.examples.traced += 1;
      });
    }
    const chosen = await io.chooseDemonstrations({ runName, settings });
    return beforeAnswering({
      examples: prepared.examples,
      language: prepared.language,
      examplesJudged: judged,
      examplesPassed: passed.size,
      setIndex: chosen.setIndex,
      demonstrations: chosen.demonstrations,
      judgedAccuracy: chosen.judgedAccuracy,
      selfImprovementTokens,
    });
  }

  progress.phase = 'answering';
  let cursor = carried?.cursor ?? -1;
  let rootsDone = carried?.rootsDone ?? 0;
  let startedInThisHistory = 0;
  // Batch mode: each round answers every root again (stored answers count as they are, calls
  // deferred to the round's batch are asked), from the counts and tokens before answering.
  let batchRound = carried?.batchRound ?? 1;
  const beforeRound = carried?.beforeRound ?? { summary: { ...summary }, tokens: control.tokensUsed };
  const count = (result: AnswerRootResult) => {
    summary.questions += result.questions;
    summary.answered += result.answered;
    summary.failed += result.failed;
    summary.revised += result.revised;
    summary.tokens = addUsage(summary.tokens, result.usage);
    control.charge(result.usage);
    progress.answered = summary.answered;
    progress.failed = summary.failed;
  };
  const answerOneRoot = async (root: RootRef) => {
    try {
      count(await control.gracefulStop.call(llm, (calls) => calls.answerRoot({ runName, settings, rootId: root.rootId, filtered })));
    } catch (error) {
      if (isCancellation(error) || FATAL_LLM_ERRORS.includes(rootFailureType(error) ?? '')) throw error;
      // Retries exhausted for this root: its unanswered questions are recorded as failed, the stage goes on.
      count(await io.failRootAnswers({ runName, rootId: root.rootId, filtered, detail: rootFailureMessage(error) }));
    }
    rootsDone += 1;
    progress.rootsDone = rootsDone;
  };
  for (;;) {
    // One window over every page: the next page's roots start as slots free up, not after a page's last root.
    const window = new BoundedWindow(control, rootsWindow);
    pages: for (;;) {
      const page = await io.listRootRefs({ runName, afterSeq: cursor, limit: ROOT_PAGE });
      if (page.length === 0) break;
      for (const root of page) {
        if (!(await window.start(() => answerOneRoot(root)))) break pages;
        cursor = root.seq;
        startedInThisHistory += 1;
        if (startedInThisHistory >= settings.orchestration.rootsPerHistory) {
          await window.drain();
          await continueAsNew<typeof answerStageWorkflow>(input, { summary, cursor, rootsDone, control: control.state, ...(settings.llm.mode === 'batch' ? { batchRound, beforeRound } : {}) });
        }
      }
    }
    await window.drain();
    if (control.state.stopping || !(await sendBatch(runName, settings.llm, `answers-round-${batchRound}`, onWait))) break;
    batchRound += 1;
    Object.assign(summary, beforeRound.summary);
    control.rewindUsage(beforeRound.tokens);
    cursor = -1;
    rootsDone = 0;
  }
  progress.phase = 'done';
  return summary;
}

interface ExampleRef {
  setIndex: number;
  exampleIndex: number;
}
