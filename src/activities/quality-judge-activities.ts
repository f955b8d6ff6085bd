/**
 * `augcon eval --judge`: an LLM judge over a seeded sample of a run's kept pairs. One activity picks
 * the sample (store read), one judges one pair (two LLM calls: answerability of the question from its
 * context, faithfulness of the answer to its context; each reply that is neither yes nor no is retried
 * with a fresh sample), one writes judge.json with the 95% intervals. Every LLM reply goes through the
 * worker's response cache, so judging the same sample again costs nothing.
 */
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { sampleSeed } from '../domain/cst/seed';
import { buildQualityJudgeMessages, parseQualityJudgeReply, QUALITY_JUDGE_JSON_SCHEMA, type QualityJudgeCriterion } from '../domain/judge/quality-judge';
import { seededSample, summarizeJudgement, type JudgedPair, type JudgeSummary, type JudgeVerdict } from '../domain/judge/judge-summary';
import { addUsage, zeroUsage } from '../domain/tokens';
import { replyUsage } from '../llm/provider';
import { listQualityPairs } from '../quality/run-pairs';
import type { RunStore } from '../store/run-store';
import { runDirectory, writeJsonAtomically } from './run-directory';
import type { StructuredChat } from './structured-chat';

export const JUDGE_FILE = 'judge.json';

export interface JudgeInput {
  runName: string;
  /** Pairs to judge (all when the run has fewer). */
  sample: number;
  seed: number;
  /** Fresh samples per criterion when a reply is neither yes nor no. @default 2 */
  retries?: number;
}

export interface JudgePairInput {
  runName: string;
  seed: number;
  retries: number;
  pair: { rootId: string; pass: number; path: string; context: string; question: string; answer?: string; locale: 'en' | 'zh' };
}

export interface QualityJudgeActivityDeps {
  store: RunStore;
  dataDir: string;
  structuredChat: StructuredChat;
}

export function createQualityJudgeActivities(deps: QualityJudgeActivityDeps) {
  /** The seeded sample of kept pairs, with the texts the judge needs. */
  async function sampleJudgePairs(input: JudgeInput): Promise<JudgePairInput['pair'][]> {
    if (!(await deps.store.getRun(input.runName))) throw ApplicationFailure.nonRetryable(`run ${input.runName} is not in the store`, 'RunNotFound');
    const pairs = await listQualityPairs(deps.store, input.runName);
    return seededSample(pairs, input.sample, input.seed).map(({ rootId, pass, path, context, question, answer, locale }) => ({
      rootId,
      pass,
      path,
      context,
      question,
      ...(answer === undefined ? {} : { answer }),
      locale,
    }));
  }

  async function judgeOne(input: JudgePairInput, criterion: QualityJudgeCriterion) {
    const { pair } = input;
    let usage = zeroUsage();
    let detail = '';
    for (let attempt = 0; attempt <= input.retries; attempt += 1) {
      const response = await deps.structuredChat({
        messages: (format) => buildQualityJudgeMessages({ criterion, context: pair.context, question: pair.question, answer: pair.answer, language: pair.locale, format }),
        jsonSchema: QUALITY_JUDGE_JSON_SCHEMA,
        temperature: attempt === 0 ? 0 : 0.7,
        maxTokens: 16,
        seed: sampleSeed({ runSeed: input.seed, rootId: pair.rootId, pass: pair.pass, path: pair.path, attempt, variant: `judge-${criterion}` }),
        runName: input.runName,
        heartbeat: { criterion, rootId: pair.rootId, path: pair.path, attempt },
      });
      usage = addUsage(usage, replyUsage(response));
      const parsed = parseQualityJudgeReply(response.text);
      if (parsed.ok) return { verdict: parsed.verdict as JudgeVerdict, usage };
      detail = parsed.reason;
    }
    return { verdict: 'failed' as JudgeVerdict, usage, detail };
  }

  /** Both criteria for one pair; an unanswered pair is judged for answerability only. */
  async function judgePair(input: JudgePairInput): Promise<JudgedPair> {
    const answerable = await judgeOne(input, 'answerability');
    const faithful = input.pair.answer === undefined ? { verdict: 'unanswered' as JudgeVerdict, usage: zeroUsage() } : await judgeOne(input, 'faithfulness');
    return {
      rootId: input.pair.rootId,
      pass: input.pair.pass,
      path: input.pair.path,
      question: input.pair.question,
      answerable: answerable.verdict,
      faithful: faithful.verdict,
      usage: addUsage(answerable.usage, faithful.usage),
    };
  }

  async function writeJudgeReport(input: { judge: JudgeInput; judged: JudgedPair[] }): Promise<JudgeSummary> {
    const summary = summarizeJudgement(input.judged, { sample: input.judge.sample, seed: input.judge.seed });
    await writeJsonAtomically(join(runDirectory(deps.dataDir, input.judge.runName), JUDGE_FILE), { ...summary, pairs: input.judged });
    return summary;
  }

  return { sampleJudgePairs, judgePair, writeJudgeReport };
}
