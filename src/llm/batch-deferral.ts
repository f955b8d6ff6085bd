/**
 * Batch mode's side of a call (docs/decisions/0012): for a run whose settings say `llm.mode: "batch"`,
 * a request the response cache did not answer is not sent. It is queued in the run store under its
 * cache key for the stage's next batch, and the call fails with LlmDeferredToBatch, which the activity
 * and workflow read as "not done yet", never as a failure. Once the batch's replies are in the
 * response cache, the stage runs again and the same request is answered from there. A request a batch
 * failed or expired is made directly on its next attempt. Runs in direct mode pass straight through.
 *
 * Sits under the response cache (a hit never reaches it). Needs the cache and a provider with a Batch
 * API; without either a batch-mode run fails at its first call with a message that says which.
 */
import { DEFERRED_TO_BATCH, LlmCallError } from '../domain/llm-errors';
import { readStoredSettings } from '../domain/run-input';
import type { RunStore } from '../store/run-store';
import type { BatchableRequest } from './batch-api';
import { responseCacheKey } from './caching-provider';
import { passedThrough, type ChatProvider, type ChatRequest, type ChatResponse } from './provider';

type DeferralStore = Pick<RunStore, 'getRun' | 'deferBatchRequest'>;

export interface BatchDeferralOptions {
  /** Whether the worker's response cache is on: the batch's replies reach the stage through it. */
  responseCache: boolean;
}

/** What a batch line needs of a request, as stored with it. */
export const batchableRequest = ({ messages, temperature, maxTokens, seed, jsonSchema }: ChatRequest): BatchableRequest => ({
  messages,
  temperature,
  maxTokens,
  ...(seed === undefined ? {} : { seed }),
  ...(jsonSchema === undefined ? {} : { jsonSchema }),
});

export function withBatchDeferral(provider: ChatProvider, store: DeferralStore, options: BatchDeferralOptions): ChatProvider {
  // A run's mode never changes: read once per run name (a failed read is tried again next call).
  const modes = new Map<string, Promise<'direct' | 'batch'>>();
  function modeOf(runName: string): Promise<'direct' | 'batch'> {
    let mode = modes.get(runName);
    if (!mode) {
      mode = store.getRun(runName).then((run) => (run ? readStoredSettings(runName, run.settingsJson).llm.mode : 'direct'));
      modes.set(runName, mode);
      mode.catch(() => modes.delete(runName));
    }
    return mode;
  }

  return {
    ...passedThrough(provider),
    async chat(request: ChatRequest): Promise<ChatResponse> {
      if (request.runName === undefined || (await modeOf(request.runName)) !== 'batch') return provider.chat(request);
      const misconfigured = !options.responseCache
        ? "the worker's response cache is off (AUGCON_LLM_CACHE=off), and a batch's replies reach the run through it: turn it on"
        : !provider.batches
          ? `the worker's LLM backend (${provider.kind}) has no Batch API: use an OpenAI-compatible endpoint, or run with llm.mode "direct"`
          : undefined;
      if (misconfigured) throw new LlmCallError({ type: 'LlmBadRequest', retryable: false, message: `run ${request.runName} is in batch mode, but ${misconfigured}` });
      const key = responseCacheKey(provider, request);
      if ((await store.deferBatchRequest(request.runName, key, JSON.stringify(batchableRequest(request)))) === 'direct') return provider.chat(request);
      throw new LlmCallError({ type: DEFERRED_TO_BATCH, retryable: false, message: "the call waits for the run's next batch" });
    },
  };
}
