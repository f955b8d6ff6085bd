/** A Context-Split-Tree node still to expand, and the one rule that names its children. */

/** Its path (`0`, `0.1`, `0.1.2`, ...), depth and context. */
export interface CstNodeTask {
  path: string;
  depth: number;
  context: string;
}

/** The nodes of a kept node's sub-contexts: `<path>.1`, `<path>.2`, one level deeper. */
export function childNodes(parent: Pick<CstNodeTask, 'path' | 'depth'>, contexts: readonly string[]): CstNodeTask[] {
  return contexts.map((context, index) => ({ path: `${parent.path}.${index + 1}`, depth: parent.depth + 1, context }));
}
