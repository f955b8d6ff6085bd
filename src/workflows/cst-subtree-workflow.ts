import type { CstNodeTask } from '../domain/cst/tree-node';
import { expandTree, type TreeSpec } from './expand-tree';
import type { Tally } from '../domain/tally';
import { GracefulStop } from './graceful-stop';

/** Expands the subtrees below `nodes` (sub-contexts handed down by a parent tree workflow). */
export async function cstSubtreeWorkflow(input: { spec: TreeSpec; nodes: CstNodeTask[] }): Promise<Tally> {
  return expandTree(input.spec, input.nodes, GracefulStop.listening());
}
