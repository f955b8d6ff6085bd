/**
 * SPEC stage 3 as activities: resolve the examples and principles, run the answer program on each
 * human example and judge it (self-improvement), choose the demonstrations, then answer every kept
 * question of a root. Each trace and answer is stored before the activity returns and looked up
 * first, so a retried activity (a killed worker, a rate limit) never judges or answers twice.
 */
import { readFile } from 'node:fs/promises';
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type { z } from 'zod';
import { canonicalJson } from '../domain/canonical-json';
import { buildCritiqueMessages, CRITIQUE_JSON_SCHEMA, parseCritiqueReply } from '../domain/answer/critique';
import { defaultAnswerExamples, parseExampleTriplets, type ExampleTriplet } from '../domain/answer/examples';
import { buildJudgeMessages, JUDGE_JSON_SCHEMA, parseJudgeReply } from '../domain/answer/judge';
import { resolvePrinciples } from '../domain/answer/principles';
import {
  AnswerSetupSchema,
  CandidateDemonstrationsSchema,
  candidateSetArtifact,
  ChosenDemonstrationsSchema,
  DEMONSTRATIONS_ARTIFACT,
  SETUP_ARTIFACT,
  type AnswerSetup,
  type ChosenDemonstrations,
} from '../domain/answer/stored';
import { ANSWER_JSON_SCHEMA, buildAnswerMessages, parseAnswerReply, type Demonstration } from '../domain/answer/prompt';
import {
  assembleDemonstrations,
  candidateDemoSets,
  heldOutIndices,
  leaveOneOutDemos,
  pickBestSet,
  type PassingTrace,
} from '../domain/answer/self-improvement';
import type { PromptLanguage } from '../domain/cst/prompt';
import { sampleSeed } from '../domain/cst/seed';
import { detectScript } from '../domain/text/script';
import type { RunSettings } from '../domain/run-input';
import { addUsage, zeroUsage, type TokenUsage } from '../domain/tokens';
import { replyUsage } from '../llm/provider';
import type { AnswerRow, ExampleTraceRow, QuestionRow, RunStore } from '../store/run-store';
import { eachAtMost } from './each-at-most';
import { isDeferredToBatch } from '../domain/llm-errors';
import { requireStoredArtifact } from './stored-artifact';
import type { StructuredChat } from './structured-chat';

export interface AnswerActivityDeps {
  store: RunStore;
  structuredChat: StructuredChat;
}

export interface TraceResult {
  verdict: ExampleTraceRow['verdict'];
  /** False when the stored verdict of an earlier attempt was returned without calling the LLM. */
  called: boolean;
  /** The trace's tokens as stored: the same when an earlier attempt stored it (counted once, at completion). */
  usage: TokenUsage;
}

/**
 * Every question of one root, stored answers of earlier attempts included: the workflow counts a
 * root once, when its activity completes, so its totals are the root's rows (answers and tokens).
 */
export interface AnswerRootResult {
  questions: number;
  answered: number;
  failed: number;
  /** Of answered + failed: rows an earlier attempt of the activity had stored. */
  alreadyAnswered: number;
  revised: number;
  usage: TokenUsage;
  /** Batch mode: questions whose calls wait for the run's next batch (answered when the stage runs again). */
  deferred?: number;
}

function countAnswer(result: AnswerRootResult, row: AnswerRow): void {
  result.usage = addUsage(result.usage, row.usage);
  if (row.status === 'ok') result.answered += 1;
  else result.failed += 1;
  if (row.critique?.revised) result.revised += 1;
}

const emptyRootResult = (questions: number): AnswerRootResult => ({ questions, answered: 0, failed: 0, alreadyAnswered: 0, revised: 0, usage: zeroUsage() });

/** Round 0 evaluates a candidate demonstration set on its held-out examples; rounds 1.. bootstrap. */
export const EVALUATION_ROUND = 0;


export function createAnswerActivities(deps: AnswerActivityDeps) {
  const { store } = deps;

  const loadArtifact = <Schema extends z.ZodType>(schema: Schema, runName: string, name: string) => requireStoredArtifact(store, schema, runName, name);

  /** Examples (inline, from a JSONL file, or the project's defaults), principles and language of the run. */
  async function prepareAnswers(input: { runName: string; settings: RunSettings }): Promise<{ examples: number; language: PromptLanguage; warnings: string[] }> {
    const { answers } = input.settings;
    const roots = await store.corpusScripts(input.runName);
    const language: PromptLanguage = roots.cjk > roots.latin ? 'zh' : 'en';
    const { examples, examplesSource, warnings } = await loadExamples(answers, language);
    const principles = resolvePrinciples({ language, extra: answers.principles.extra, replace: answers.principles.replace });
    const setup: AnswerSetup = { language, examplesSource, examples, principles, warnings };
    await store.putArtifact(input.runName, SETUP_ARTIFACT, canonicalJson(setup));
    for (const warning of warnings) Context.current().log.warn(`answers: ${warning}`);
    return { examples: examples.length, language, warnings };
  }

  async function answerOnce(
    runName: string,
    setup: AnswerSetup,
    settings: RunSettings,
    prompt: { context: string; question: string; demonstrations: readonly Demonstration[] },
    seedKey: { rootId: string; pass: number; path: string; variant: string },
    heartbeat: unknown,
  ): Promise<{ ok: true; answer: string; reasoning: string; attempts: number; usage: TokenUsage; model: string } | { ok: false; reason: string; attempts: number; usage: TokenUsage; model: string }> {
    let usage = zeroUsage();
    let model = '';
    let reason = '';
    const attempts = 1 + settings.answers.parseRetries;
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const response = await deps.structuredChat({
        messages: (format) => buildAnswerMessages({ principles: setup.principles, demonstrations: prompt.demonstrations, context: prompt.context, question: prompt.question, language: setup.language, format }),
        jsonSchema: ANSWER_JSON_SCHEMA,
        temperature: settings.answers.temperature,
        maxTokens: settings.answers.maxAnswerTokens,
        seed: sampleSeed({ runSeed: settings.seed, ...seedKey, attempt }),
        runName,
        heartbeat,
      });
      usage = addUsage(usage, replyUsage(response));
      model = response.model;
      const parsed = parseAnswerReply(response.text);
      if (parsed.ok) return { ok: true, answer: parsed.answer, reasoning: parsed.reasoning, attempts: attempt + 1, usage, model };
      reason = parsed.reason;
    }
    return { ok: false, reason: `${attempts} answer replies could not be parsed; last: ${reason}`, attempts, usage, model };
  }

  /** One example through the answer program and the judge (SPEC stage 3, self-improvement). */
  async function traceExample(input: { runName: string; settings: RunSettings; setIndex: number; round: number; exampleIndex: number }): Promise<TraceResult> {
    const key = { setIndex: input.setIndex, round: input.round, exampleIndex: input.exampleIndex };
    const stored = await store.getExampleTrace(input.runName, key);
    if (stored) return { verdict: stored.verdict, called: false, usage: stored.usage };
    const setup = await loadArtifact(AnswerSetupSchema, input.runName, SETUP_ARTIFACT);
    const example = setup.examples[input.exampleIndex];
    if (!example) throw ApplicationFailure.nonRetryable(`example ${input.exampleIndex} is not among the run's ${setup.examples.length} examples`, 'InvalidExamples');
    const { answers, seed } = input.settings;
    const demonstrations =
      input.round === EVALUATION_ROUND
        ? (await loadArtifact(CandidateDemonstrationsSchema, input.runName, candidateSetArtifact(input.setIndex))).demonstrations
        : leaveOneOutDemos(setup.examples, input.exampleIndex, answers.demonstrations, seed + 7919 * input.setIndex + 104729 * input.round);
    const seedKey = { rootId: `example-${input.exampleIndex}`, pass: input.round, path: `set-${input.setIndex}` };
    const heartbeat = { example: input.exampleIndex, set: input.setIndex, round: input.round };
    const answered = await answerOnce(input.runName, setup, input.settings, { context: example.context, question: example.question, demonstrations }, { ...seedKey, variant: 'example-answer' }, heartbeat);
    let usage = answered.usage;
    let row: ExampleTraceRow;
    if (!answered.ok) {
      row = { ...key, verdict: 'failed', detail: answered.reason, judgeAttempts: 0, usage };
    } else {
      let verdict: ExampleTraceRow['verdict'] = 'failed';
      let detail: string | undefined;
      let judgeAttempts = 0;
      for (let attempt = 0; attempt <= answers.judgeRetries && verdict === 'failed'; attempt += 1) {
        judgeAttempts += 1;
        const response = await deps.structuredChat({
          messages: (format) =>
            buildJudgeMessages({ context: example.context, question: example.question, referenceAnswer: example.answer, predictedAnswer: answered.answer, language: setup.language, format }),
          jsonSchema: JUDGE_JSON_SCHEMA,
          temperature: 0,
          maxTokens: 64,
          seed: sampleSeed({ runSeed: seed, ...seedKey, attempt, variant: 'judge' }),
          runName: input.runName,
          heartbeat,
        });
        usage = addUsage(usage, replyUsage(response));
        const parsed = parseJudgeReply(response.text);
        if (parsed.ok) verdict = parsed.verdict;
        else detail = `the judge's replies were neither yes nor no; last: ${parsed.reason}`;
      }
      row = { ...key, verdict, answer: answered.answer, reasoning: answered.reasoning, judgeAttempts, usage, ...(verdict === 'failed' ? { detail } : {}) };
    }
    await store.putExampleTrace(input.runName, row);
    return { verdict: row.verdict, called: true, usage: row.usage };
  }

  /**
   * After the bootstrap rounds: each candidate set's demonstrations (its passing traces in the set's
   * order, topped up with raw examples). Returns the examples each set is to be evaluated on (none
   * with a single set, which is simply chosen).
   */
  async function assembleCandidateSets(input: { runName: string; settings: RunSettings }): Promise<{ evaluate: { setIndex: number; exampleIndices: number[] }[] }> {
    const setup = await loadArtifact(AnswerSetupSchema, input.runName, SETUP_ARTIFACT);
    const traces = await store.listExampleTraces(input.runName);
    const sets = candidateDemoSets(setup.examples, input.settings.answers.candidateSets, input.settings.seed);
    const evaluate: { setIndex: number; exampleIndices: number[] }[] = [];
    for (const set of sets) {
      const passing = passingTraces(setup, traces, set.setIndex, set.order);
      const demonstrations = assembleDemonstrations(passing, setup.examples, input.settings.answers.demonstrations, set.order);
      await store.putArtifact(input.runName, candidateSetArtifact(set.setIndex), canonicalJson({ demonstrations }));
      if (sets.length > 1) evaluate.push({ setIndex: set.setIndex, exampleIndices: heldOutIndices(setup.examples.length, demonstrations) });
    }
    return { evaluate };
  }

  /** Picks the set with the best judged accuracy (or the only one) and stores its demonstrations. */
  async function chooseDemonstrations(input: { runName: string; settings: RunSettings }): Promise<Omit<ChosenDemonstrations, 'candidates' | 'demonstrations'> & { demonstrations: number }> {
    const traces = await store.listExampleTraces(input.runName);
    const setCount = input.settings.answers.candidateSets;
    const candidates: ChosenDemonstrations['candidates'] = [];
    for (let setIndex = 0; setIndex < setCount; setIndex += 1) {
      const { demonstrations } = await loadArtifact(CandidateDemonstrationsSchema, input.runName, candidateSetArtifact(setIndex));
      // With several sets, each is judged on its held-out examples; a single set reports its bootstrap pass rate.
      const judgedTraces = setCount > 1 ? traces.filter((t) => t.setIndex === setIndex && t.round === EVALUATION_ROUND) : finalVerdicts(traces, setIndex);
      const passed = judgedTraces.filter((t) => t.verdict === 'yes').length;
      candidates.push({ setIndex, demonstrations, judged: judgedTraces.length, passed, accuracy: judgedTraces.length ? passed / judgedTraces.length : 0 });
    }
    const best = pickBestSet(candidates.map(({ setIndex, passed, judged }) => ({ setIndex, passed, judged })))!;
    const winner = candidates[best.setIndex]!;
    const chosen: ChosenDemonstrations = {
      setIndex: winner.setIndex,
      judgedAccuracy: winner.accuracy,
      judged: winner.judged,
      passed: winner.passed,
      candidates,
      demonstrations: winner.demonstrations,
    };
    await store.putArtifact(input.runName, DEMONSTRATIONS_ARTIFACT, canonicalJson(chosen));
    return { setIndex: chosen.setIndex, judgedAccuracy: chosen.judgedAccuracy, judged: chosen.judged, passed: chosen.passed, demonstrations: chosen.demonstrations.length };
  }

  /** The self-improvement result carried forward from the dataset's previous version. */
  async function describeReusedDemonstrations(input: { runName: string }): Promise<{ examples: number; language: PromptLanguage; setIndex: number; judgedAccuracy: number; demonstrations: number }> {
    const setup = await loadArtifact(AnswerSetupSchema, input.runName, SETUP_ARTIFACT);
    const chosen = await loadArtifact(ChosenDemonstrationsSchema, input.runName, DEMONSTRATIONS_ARTIFACT);
    return { examples: setup.examples.length, language: setup.language, setIndex: chosen.setIndex, judgedAccuracy: chosen.judgedAccuracy, demonstrations: chosen.demonstrations.length };
  }

  /**
   * Every question of one root, up to `atOnce` at a time: a stored answer (an earlier attempt's)
   * counts as it is; any other gets `newRow`, stored as soon as it is made. Returns the root's
   * totals, tokens included.
   */
  async function eachQuestionOfRoot(
    input: { runName: string; rootId: string; filtered: boolean },
    atOnce: number,
    newRow: (question: QuestionRow) => Promise<AnswerRow>,
    afterNewRow: (result: AnswerRootResult) => void = () => undefined,
  ): Promise<AnswerRootResult> {
    const questions = await store.listQuestions(input.runName, input.rootId, input.filtered);
    const result = emptyRootResult(questions.length);
    await eachAtMost(questions, atOnce, async (question) => {
      const stored = await store.getAnswer(input.runName, question);
      if (stored) {
        result.alreadyAnswered += 1;
        countAnswer(result, stored);
        return;
      }
      let row: AnswerRow;
      try {
        row = await newRow(question);
      } catch (error) {
        // Batch mode: the question waits for the run's next batch; the root's other questions go on.
        if (!isDeferredToBatch(error)) throw error;
        result.deferred = (result.deferred ?? 0) + 1;
        return;
      }
      await store.putAnswer(input.runName, row);
      countAnswer(result, row);
      afterNewRow(result);
    });
    return result;
  }

  /**
   * Answers every question of one root that has no stored answer yet, orchestration.maxConcurrentAnswersPerRoot
   * at once (under the worker's limit of LLM calls in flight), heartbeating.
   */
  async function answerRoot(input: { runName: string; settings: RunSettings; rootId: string; filtered: boolean }): Promise<AnswerRootResult> {
    const context = Context.current();
    const setup = await loadArtifact(AnswerSetupSchema, input.runName, SETUP_ARTIFACT);
    const { demonstrations } = await loadArtifact(ChosenDemonstrationsSchema, input.runName, DEMONSTRATIONS_ARTIFACT);
    return eachQuestionOfRoot(
      input,
      input.settings.orchestration.maxConcurrentAnswersPerRoot,
      (question) => answerQuestion(input.runName, setup, demonstrations, question, input.settings),
      (result) => context.heartbeat({ rootId: input.rootId, done: result.answered + result.failed, of: result.questions }),
    );
  }

  async function answerQuestion(runName: string, runSetup: AnswerSetup, demonstrations: readonly Demonstration[], question: QuestionRow, settings: RunSettings): Promise<AnswerRow> {
    const setup = speakingTo(runSetup, settings, question.context);
    const key = { rootId: question.rootId, pass: question.pass, path: question.path };
    const heartbeat = { rootId: question.rootId, path: question.path };
    const answered = await answerOnce(runName, setup, settings, { context: question.context, question: question.question, demonstrations }, { ...key, variant: 'answer' }, heartbeat);
    if (!answered.ok) return { ...key, status: 'failed', detail: answered.reason, model: answered.model, attempts: answered.attempts, usage: answered.usage };
    const row: AnswerRow = { ...key, status: 'ok', answer: answered.answer, reasoning: answered.reasoning, model: answered.model, attempts: answered.attempts, usage: answered.usage };
    if (!settings.answers.critique) return row;
    const response = await deps.structuredChat({
      messages: () => buildCritiqueMessages({ context: question.context, question: question.question, answer: answered.answer, principles: setup.principles, language: setup.language }),
      jsonSchema: CRITIQUE_JSON_SCHEMA,
      temperature: 0,
      maxTokens: settings.answers.maxAnswerTokens,
      seed: sampleSeed({ runSeed: settings.seed, ...key, attempt: 0, variant: 'critique' }),
      runName,
      heartbeat,
    });
    row.usage = addUsage(row.usage, replyUsage(response));
    const critique = parseCritiqueReply(response.text);
    if (!critique.ok) {
      // An unusable critique keeps the first answer; provenance says so.
      row.critique = { faithful: true, problems: `critique reply unusable: ${critique.reason}`, revised: false };
      return row;
    }
    const revised = !critique.faithful && critique.revisedAnswer.trim() !== '' && critique.revisedAnswer.trim() !== answered.answer;
    row.critique = { faithful: critique.faithful, problems: critique.problems, revised, ...(revised ? { firstAnswer: answered.answer } : {}) };
    if (revised) row.answer = critique.revisedAnswer.trim();
    return row;
  }

  /**
   * Records the questions of a root whose answering failed for good (retries exhausted) and returns
   * the root's totals: the answers its attempts stored count, with their tokens.
   */
  async function failRootAnswers(input: { runName: string; rootId: string; filtered: boolean; detail: string }): Promise<AnswerRootResult> {
    return eachQuestionOfRoot(input, 1, async (question) => ({
      rootId: question.rootId, pass: question.pass, path: question.path, status: 'failed', detail: input.detail, model: '', attempts: 0, usage: zeroUsage(),
    }));
  }

  return { prepareAnswers, traceExample, assembleCandidateSets, chooseDemonstrations, answerRoot, failRootAnswers, describeReusedDemonstrations };
}

/** The latest bootstrap verdict of each example in one set (later rounds re-run only the failures). */
function finalVerdicts(traces: readonly ExampleTraceRow[], setIndex: number): ExampleTraceRow[] {
  const latest = new Map<number, ExampleTraceRow>();
  for (const trace of traces) if (trace.setIndex === setIndex && trace.round > EVALUATION_ROUND) latest.set(trace.exampleIndex, trace);
  return [...latest.values()].sort((a, b) => a.exampleIndex - b.exampleIndex);
}

/** A set's traces judged yes, in the set's example order. */
function passingTraces(setup: AnswerSetup, traces: readonly ExampleTraceRow[], setIndex: number, order: readonly number[]): PassingTrace[] {
  const yes = new Map(finalVerdicts(traces, setIndex).filter((t) => t.verdict === 'yes').map((t) => [t.exampleIndex, t]));
  return order.flatMap((exampleIndex) => {
    const trace = yes.get(exampleIndex);
    const example = setup.examples[exampleIndex]!;
    return trace ? [{ exampleIndex, context: example.context, question: example.question, answer: trace.answer!, reasoning: trace.reasoning ?? '' }] : [];
  });
}

/**
 * The run's example triplets: from `answers.examplesFile` (validated: a bad file fails the run with its
 * name, line and field), `answers.examples`, or the project's defaults for the corpus language.
 */
export async function loadExamples(
  answers: RunSettings['answers'],
  language: PromptLanguage,
): Promise<{ examples: ExampleTriplet[]; examplesSource: string; warnings: string[] }> {
  if (answers.examplesFile) {
    let text: string;
    try {
      text = await readFile(answers.examplesFile, 'utf8');
    } catch (error) {
      throw ApplicationFailure.nonRetryable(`answers.examplesFile: cannot read ${answers.examplesFile}: ${(error as Error).message}`, 'InvalidExamples');
    }
    const parsed = parseExampleTriplets(text, answers.examplesFile);
    if (!parsed.ok) throw ApplicationFailure.nonRetryable(`answers.examplesFile: ${parsed.message}`, 'InvalidExamples');
    return { examples: parsed.examples, examplesSource: answers.examplesFile, warnings: parsed.warnings };
  }
  if (answers.examples) return { examples: answers.examples, examplesSource: 'run input (answers.examples)', warnings: [] };
  return { examples: [...defaultAnswerExamples(language)], examplesSource: `augcon defaults (${language})`, warnings: [] };
}

/**
 * The setup for one question: a question on a context in another script than the run's main language
 * (a mixed corpus) gets the instruction and the principles in its own language; the demonstrations
 * stay those of the run.
 */
export function speakingTo(setup: AnswerSetup, settings: RunSettings, context: string): AnswerSetup {
  const language: PromptLanguage = detectScript(context) === 'cjk' ? 'zh' : 'en';
  if (language === setup.language) return setup;
  const { extra, replace } = settings.answers.principles;
  return { ...setup, language, principles: resolvePrinciples({ language, extra, replace }) };
}
