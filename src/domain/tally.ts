import { addUsage, zeroUsage, type TokenUsage } from './tokens';

/** What a piece of CST work produced: merged upwards from subtree to root to run. */
export interface Tally {
  nodes: number;
  candidates: number;
  drops: number;
  parseRetries: number;
  childWorkflows: number;
  maxPendingChildren: number;
  usage: TokenUsage;
  /** LLM calls a graceful stop cancelled before they produced a node (absent in older histories). */
  stoppedCalls?: number;
}

export const emptyTally = (): Tally => ({
  nodes: 0,
  candidates: 0,
  drops: 0,
  parseRetries: 0,
  childWorkflows: 0,
  maxPendingChildren: 0,
  usage: zeroUsage(),
});

export function mergeTally(into: Tally, from: Tally): void {
  into.nodes += from.nodes;
  into.candidates += from.candidates;
  into.drops += from.drops;
  into.parseRetries += from.parseRetries;
  into.childWorkflows += from.childWorkflows;
  into.maxPendingChildren = Math.max(into.maxPendingChildren, from.maxPendingChildren);
  if (from.stoppedCalls) into.stoppedCalls = (into.stoppedCalls ?? 0) + from.stoppedCalls;
  into.usage = addUsage(into.usage, from.usage);
}
