/**
 * createActivities(deps): the worker passes real dependencies (the store, the LLM provider built from
 * its own environment); workflows import only the types (`proxyActivities<IoActivities>`).
 * LLM activities run on their own task queue so their concurrency and rate limits apply to LLM calls alone.
 */
import type { ChatProvider } from '../llm/provider';
import type { RunStore } from '../store/run-store';
import { createCorpusActivities } from './corpus-activities';
import { createCstActivities, type StructuredOutputMode } from './cst-activities';
import { createFinalizeActivities } from './finalize-activities';
import { createScorerActivities } from './scorer-activities';

export interface ActivityDeps {
  store: RunStore;
  provider: ChatProvider;
  structuredOutput: StructuredOutputMode;
  dataDir: string;
}

/** Store and file I/O: run on the main task queue. */
export function createIoActivities(deps: ActivityDeps) {
  const { recordNodeFailure, sampleWithFallback } = createCstActivities(deps);
  const { planTriples, failTriple, trainScorer, filterRoots } = createScorerActivities({ ...deps, sampleWithFallback });
  return {
    ...createCorpusActivities(deps),
    ...createFinalizeActivities({ ...deps, model: deps.provider.model, providerKind: deps.provider.kind }),
    recordNodeFailure,
    planTriples,
    failTriple,
    trainScorer,
    filterRoots,
  };
}

/** LLM calls: run on the `<taskQueue>-llm` task queue. */
export function createLlmActivities(deps: ActivityDeps) {
  const { expandCstNode, sampleWithFallback } = createCstActivities(deps);
  const { generateNegative } = createScorerActivities({ ...deps, sampleWithFallback });
  return { expandCstNode, generateNegative };
}

export type IoActivities = ReturnType<typeof createIoActivities>;
export type LlmActivities = ReturnType<typeof createLlmActivities>;
