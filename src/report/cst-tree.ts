/**
 * One root's Context-Split-Trees rebuilt from node paths: "0" is the root node, "0.1" and "0.2" its
 * sub-contexts, "0.1.2" the second sub-context of "0.1", and so on; each CST pass grows its own tree.
 * A node is a stored candidate (a question was kept for it) or a drop (its call failed or its reply
 * was unusable), and carries what the filter decided for it. Pure: the report's data builder feeds
 * it rows from the store.
 */
import { filterMark } from '../domain/quota';
import type { CandidateRow, DropRow, FilterDecisionRow } from '../store/run-store';
import { codePoints, compareStrings } from './html';

/** What became of a node, as the report colours it. */
export type NodeMark = 'kept' | 'duplicate' | 'over-quota' | 'dropped' | 'unfiltered';

export const NODE_MARKS: readonly NodeMark[] = ['kept', 'duplicate', 'over-quota', 'dropped', 'unfiltered'];

export interface TreeNode {
  path: string;
  depth: number;
  /** Context length in code points. */
  chars: number;
  context: string;
  mark: NodeMark;
  /** Absent on a dropped node. */
  question?: string;
  score?: number;
  rank?: number;
  /** "<pass>/<path>" of the kept question this one duplicates. */
  duplicateOf?: string;
  rouge?: number;
  /** Why the node was dropped, and the details. */
  dropReason?: string;
  dropDetail?: string;
  /** Why a kept node has no children. */
  leafReason?: string;
  attempts: number;
  answer?: { status: 'ok' | 'failed'; text?: string };
  children: TreeNode[];
}

export interface PassTree {
  pass: number;
  /** Normally the one node "0"; nodes whose parent is missing from the store are listed here too. */
  nodes: TreeNode[];
}

export type NodeCandidate = Pick<CandidateRow, 'pass' | 'path' | 'depth' | 'context' | 'question' | 'attempts' | 'leafReason'>;
export type NodeDrop = Pick<DropRow, 'pass' | 'path' | 'depth' | 'context' | 'reason' | 'detail' | 'attempts'>;
export type NodeDecision = Pick<FilterDecisionRow, 'pass' | 'path' | 'score' | 'kept' | 'rank' | 'reason' | 'duplicateOf' | 'rouge'>;

export interface RootTreeInput {
  candidates: readonly NodeCandidate[];
  drops: readonly NodeDrop[];
  /** The root's filter decisions; empty when the run has no scorer. */
  decisions: readonly NodeDecision[];
  /** Answers by "<pass>/<path>". */
  answers?: ReadonlyMap<string, { status: 'ok' | 'failed'; answer?: string }>;
}

/** "0.10.2" -> [0, 10, 2]: paths compare segment by segment as numbers, so "0.2" comes before "0.10". */
export function pathSegments(path: string): number[] {
  return path.split('.').map(Number);
}

export function comparePaths(a: string, b: string): number {
  const left = pathSegments(a);
  const right = pathSegments(b);
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    const difference = left[index]! - right[index]!;
    if (difference !== 0 && !Number.isNaN(difference)) return difference;
  }
  return left.length - right.length || compareStrings(a, b);
}

/** "0.1.2" -> "0.1"; the root node "0" has none. */
export function parentPath(path: string): string | undefined {
  const cut = path.lastIndexOf('.');
  return cut < 0 ? undefined : path.slice(0, cut);
}

export function markOf(decision: NodeDecision | undefined): NodeMark {
  if (!decision) return 'unfiltered';
  return filterMark(decision);
}

/** Builds each pass's tree, passes ascending, children in path order. */
export function buildRootTrees(input: RootTreeInput): PassTree[] {
  const decisions = new Map(input.decisions.map((decision) => [`${decision.pass}/${decision.path}`, decision]));
  const byPass = new Map<number, Map<string, TreeNode>>();
  const passNodes = (pass: number) => {
    let nodes = byPass.get(pass);
    if (!nodes) byPass.set(pass, (nodes = new Map()));
    return nodes;
  };
  for (const candidate of input.candidates) {
    const key = `${candidate.pass}/${candidate.path}`;
    const decision = decisions.get(key);
    const answer = input.answers?.get(key);
    passNodes(candidate.pass).set(candidate.path, {
      path: candidate.path,
      depth: candidate.depth,
      chars: codePoints(candidate.context),
      context: candidate.context,
      mark: markOf(decision),
      question: candidate.question,
      ...(decision ? { score: decision.score } : {}),
      ...(decision?.rank !== undefined ? { rank: decision.rank } : {}),
      ...(decision?.duplicateOf !== undefined ? { duplicateOf: decision.duplicateOf } : {}),
      ...(decision?.rouge !== undefined ? { rouge: decision.rouge } : {}),
      ...(candidate.leafReason !== undefined ? { leafReason: candidate.leafReason } : {}),
      attempts: candidate.attempts,
      ...(answer ? { answer: { status: answer.status, ...(answer.answer !== undefined ? { text: answer.answer } : {}) } } : {}),
      children: [],
    });
  }
  for (const drop of input.drops) {
    const nodes = passNodes(drop.pass);
    // A node is either a candidate or a drop; should both exist, the candidate is what the run used.
    if (nodes.has(drop.path)) continue;
    nodes.set(drop.path, {
      path: drop.path,
      depth: drop.depth,
      chars: codePoints(drop.context),
      context: drop.context,
      mark: 'dropped',
      dropReason: drop.reason,
      dropDetail: drop.detail,
      attempts: drop.attempts,
      children: [],
    });
  }

  const trees: PassTree[] = [];
  for (const pass of [...byPass.keys()].sort((a, b) => a - b)) {
    const nodes = byPass.get(pass)!;
    const top: TreeNode[] = [];
    for (const path of [...nodes.keys()].sort(comparePaths)) {
      const node = nodes.get(path)!;
      // The nearest stored ancestor adopts the node; without one it is listed at the top.
      let parent: TreeNode | undefined;
      for (let ancestor = parentPath(path); ancestor !== undefined && !parent; ancestor = parentPath(ancestor)) parent = nodes.get(ancestor);
      (parent ? parent.children : top).push(node);
    }
    trees.push({ pass, nodes: top });
  }
  return trees;
}

/** Every node of the trees, depth first in path order. */
export function* walkNodes(trees: readonly PassTree[]): Generator<TreeNode> {
  const stack: TreeNode[] = [];
  for (const tree of trees) {
    stack.push(...[...tree.nodes].reverse());
    while (stack.length > 0) {
      const node = stack.pop()!;
      yield node;
      stack.push(...[...node.children].reverse());
    }
  }
}
