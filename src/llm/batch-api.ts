/**
 * A provider's Batch API, as the batch activities use it (src/activities/batch-activities.ts): a
 * named batch of chat requests submitted at once, looked at until it ends, then read item by item.
 * The OpenAI-compatible provider implements it with /v1/files and /v1/batches (openai-batches.ts).
 */
import type { ChatRequest, ChatResponse } from './provider';

/** What a batch line asks: a ChatRequest without what is never sent. */
export type BatchableRequest = Omit<ChatRequest, 'signal' | 'runName'>;

export interface BatchLine {
  /** The request's response cache key: its reply is stored under it. */
  customId: string;
  request: BatchableRequest;
}

/** The provider's statuses; a batch ends as completed, failed, expired or cancelled. */
export type BatchStatus = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

export const BATCH_ENDED: readonly BatchStatus[] = ['completed', 'failed', 'expired', 'cancelled'];

export interface RemoteBatch {
  id: string;
  status: BatchStatus;
  outputFileId?: string;
  errorFileId?: string;
  counts: { total: number; completed: number; failed: number };
}

/** One item of an ended batch: its reply, or why there is none (the call is then made directly). */
export type BatchItemResult = { customId: string; response: ChatResponse } | { customId: string; error: string };

export interface BatchApi {
  /** The batch submitted earlier under this name, when there is one (a submission whose reply was lost with its worker). */
  findBatch(name: string): Promise<RemoteBatch | undefined>;
  /** Uploads the lines as one file and creates a batch of them under `name` (the 24 h window). */
  createBatch(name: string, lines: readonly BatchLine[]): Promise<RemoteBatch>;
  getBatch(id: string): Promise<RemoteBatch>;
  /** Every item the batch's output and error files hold (an expired batch holds those it finished). */
  batchResults(batch: RemoteBatch): Promise<BatchItemResult[]>;
}
