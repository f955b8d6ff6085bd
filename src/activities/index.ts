/**
 * createActivities(deps): the worker passes real dependencies (the store, the LLM provider built from
 * its own environment); workflows import only the types (`proxyActivities<IoActivities>`).
 * LLM activities run on their own task queue so their concurrency and rate limits apply to LLM calls alone.
 */
import type { ChatProvider } from '../llm/provider';
import type { RunStore } from '../store/run-store';
import { createAnswerActivities } from './answer-activities';
import { createBatchActivities } from './batch-activities';
import { createCorpusActivities } from './corpus-activities';
import { createDatasetActivities } from './dataset-activities';
import { createCstActivities } from './cst-activities';
import { createExportActivities } from './export-activities';
import { createFinalizeActivities } from './finalize-activities';
import { createQualityJudgeActivities } from './quality-judge-activities';
import { createScorerActivities } from './scorer-activities';
import { createStructuredChat, type StructuredOutputMode } from './structured-chat';

export interface ActivityDeps {
  store: RunStore;
  provider: ChatProvider;
  structuredOutput: StructuredOutputMode;
  /** A call whose attempts all failed to connect this many times fails the run (LlmUnreachable). Unset: never. */
  unreachableAfterAttempts?: number;
  dataDir: string;
  /** The worker's response cache (llm.cache) is on: a repeated request costs no call. */
  responseCache: boolean;
}

/** Store and file I/O: run on the main task queue. */
export function createIoActivities(deps: ActivityDeps) {
  const structuredChat = createStructuredChat(deps.provider, deps.structuredOutput, deps.unreachableAfterAttempts);
  const { recordNodeFailure, sampleWithFallback } = createCstActivities({ ...deps, structuredChat });
  const { prepareAnswers, assembleCandidateSets, chooseDemonstrations, failRootAnswers, describeReusedDemonstrations } = createAnswerActivities({ ...deps, structuredChat });
  const { planTriples, failTriple, trainScorer, filterRoots, describeReusedScorer } = createScorerActivities({ ...deps, sampleWithFallback });
  const { sampleJudgePairs, writeJudgeReport } = createQualityJudgeActivities({ ...deps, structuredChat });
  return {
    ...createCorpusActivities(deps),
    ...createFinalizeActivities({ ...deps, model: deps.provider.model, providerKind: deps.provider.kind }),
    ...createExportActivities({ ...deps, model: deps.provider.model }),
    recordNodeFailure,
    planTriples,
    failTriple,
    trainScorer,
    filterRoots,
    prepareAnswers,
    assembleCandidateSets,
    chooseDemonstrations,
    failRootAnswers,
    describeReusedScorer,
    describeReusedDemonstrations,
    sampleJudgePairs,
    writeJudgeReport,
    ...createDatasetActivities(deps),
    ...createBatchActivities(deps),
  };
}

/** LLM calls: run on the `<taskQueue>-llm` task queue. */
export function createLlmActivities(deps: ActivityDeps) {
  const structuredChat = createStructuredChat(deps.provider, deps.structuredOutput, deps.unreachableAfterAttempts);
  const { expandCstNode, expandCstSubtree, sampleWithFallback } = createCstActivities({ ...deps, structuredChat });
  const { generateNegative } = createScorerActivities({ ...deps, sampleWithFallback });
  const { traceExample, answerRoot } = createAnswerActivities({ ...deps, structuredChat });
  const { judgePair } = createQualityJudgeActivities({ ...deps, structuredChat });
  return { expandCstNode, expandCstSubtree, generateNegative, traceExample, answerRoot, judgePair };
}

export type IoActivities = ReturnType<typeof createIoActivities>;
export type LlmActivities = ReturnType<typeof createLlmActivities>;
