/** What the stand-in remembers of each call (`calls()` in process, GET /_standin/calls over HTTP). */
import type { FaultKind } from './fault-plan';

export type CallKind = 'cst' | 'cst-weak' | 'answer' | 'judge' | 'critique' | 'embeddings' | 'other';

export interface CallRecord {
  index: number;
  route: string;
  bodyHash: string;
  seed?: number;
  model: string;
  kind: CallKind;
  /** The node context of a CST, answer or critique prompt (what the call was about), when it has one. */
  context?: string;
  startedAt: number;
  /** When the call got one of the server's slots (capacity); it waited in line from startedAt until then. */
  servedAt?: number;
  endedAt?: number;
  outcome: 'pending' | 'ok' | 'client-closed' | `fault:${FaultKind}` | 'invalid-request' | 'over-capacity';
  status: number;
  promptTokens: number;
  /** Of promptTokens, those in a prefix an earlier call had sent (prompt-cache.ts). */
  cachedPromptTokens: number;
  completionTokens: number;
  /** A line of a batch (the Batch API): the batch's id and the line's custom id. */
  batchId?: string;
  customId?: string;
}

/** Ends a pending call with its outcome and HTTP status (0 for a reset); a call ends once. */
export function finishCall(record: CallRecord, outcome: CallRecord['outcome'], status: number): void {
  if (record.outcome !== 'pending') return;
  record.outcome = outcome;
  record.status = status;
  record.endedAt = Date.now();
}
