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
  /** Nodes whose call a run in batch mode deferred to its next batch: expanded when the pass runs again. */
  deferred?: number;
}

/** The decided nodes a piece of CST work counts: what a subtree activity reports and a tally adds up. */
export type NodeCounts = Pick<Tally, 'nodes' | 'candidates' | 'drops' | 'parseRetries' | 'usage' | 'deferred'>;

/** Counts one node decided as kept (a candidate) or dropped, with the tokens of all its samples. */
export function countDecidedNode(into: NodeCounts, kind: 'kept' | 'dropped', usage: TokenUsage): void {
  into.nodes += 1;
  into.usage = addUsage(into.usage, usage);
  if (kind === 'kept') into.candidates += 1;
  else into.drops += 1;
}

export function addNodeCounts(into: NodeCounts, from: NodeCounts): void {
  into.nodes += from.nodes;
  into.candidates += from.candidates;
  into.drops += from.drops;
  into.parseRetries += from.parseRetries;
  into.usage = addUsage(into.usage, from.usage);
  if (from.deferred) into.deferred = (into.deferred ?? 0) + from.deferred;
}

/** Counts a node whose call waits for the run's next batch. */
export function countDeferredNode(into: Pick<Tally, 'deferred'>): void {
  into.deferred = (into.deferred ?? 0) + 1;
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
  addNodeCounts(into, from);
  into.childWorkflows += from.childWorkflows;
  into.maxPendingChildren = Math.max(into.maxPendingChildren, from.maxPendingChildren);
  if (from.stoppedCalls) into.stoppedCalls = (into.stoppedCalls ?? 0) + from.stoppedCalls;
}
