import { buildRootTrees, comparePaths, markOf, parentPath, walkNodes, type NodeCandidate, type NodeDecision, type NodeDrop } from './cst-tree';

const candidate = (path: string, extra: Partial<NodeCandidate> = {}): NodeCandidate => ({
  pass: 1,
  path,
  depth: path.split('.').length - 1,
  context: `context ${path}`,
  question: `question ${path}?`,
  attempts: 1,
  ...extra,
});
const drop = (path: string, reason: string, extra: Partial<NodeDrop> = {}): NodeDrop => ({
  pass: 1,
  path,
  depth: path.split('.').length - 1,
  context: `dropped ${path}`,
  reason,
  detail: `detail ${path}`,
  attempts: 5,
  ...extra,
});
const shape = (nodes: { path: string; children: unknown[] }[]): unknown => nodes.map((node) => ({ [node.path]: shape(node.children as typeof nodes) }));

describe('paths', () => {
  it('orders segments numerically, so 0.2 comes before 0.10', () => {
    expect(['0.10', '0.2', '0', '0.1.1', '0.1'].sort(comparePaths)).toEqual(['0', '0.1', '0.1.1', '0.2', '0.10']);
  });
  it('finds the parent path', () => {
    expect(parentPath('0.1.2')).toBe('0.1');
    expect(parentPath('0.1')).toBe('0');
    expect(parentPath('0')).toBeUndefined();
  });
});

describe('buildRootTrees', () => {
  it('rebuilds each pass tree from candidate and drop paths, children in path order', () => {
    const trees = buildRootTrees({
      // Given out of order, as a store of another backend might.
      candidates: [candidate('0.2'), candidate('0.1.1'), candidate('0'), candidate('0.1'), candidate('0', { pass: 2 })],
      drops: [drop('0.1.2', 'question-too-short'), drop('0.1', 'unparseable-reply', { pass: 2 })],
      decisions: [],
    });
    expect(trees.map((tree) => tree.pass)).toEqual([1, 2]);
    expect(shape(trees[0]!.nodes)).toEqual([{ '0': [{ '0.1': [{ '0.1.1': [] }, { '0.1.2': [] }] }, { '0.2': [] }] }]);
    expect(shape(trees[1]!.nodes)).toEqual([{ '0': [{ '0.1': [] }] }]);
    const dropped = trees[0]!.nodes[0]!.children[0]!.children[1]!;
    expect(dropped).toMatchObject({ mark: 'dropped', dropReason: 'question-too-short', dropDetail: 'detail 0.1.2', attempts: 5 });
    expect(dropped.question).toBeUndefined();
    expect([...walkNodes(trees)].map((node) => node.path)).toEqual(['0', '0.1', '0.1.1', '0.1.2', '0.2', '0', '0.1']);
  });

  it('measures context length in code points', () => {
    const [tree] = buildRootTrees({ candidates: [candidate('0', { context: '绿茶🍵ab' })], drops: [], decisions: [] });
    expect(tree!.nodes[0]!.chars).toBe(5);
  });

  it('marks nodes with the filter decision: kept, duplicate of which, over quota; unfiltered without one', () => {
    const decisions: NodeDecision[] = [
      { pass: 1, path: '0', score: 0.9, kept: true, rank: 1 },
      { pass: 1, path: '0.1', score: 0.7, kept: false, reason: 'duplicate', duplicateOf: '1/0', rouge: 0.82 },
      { pass: 1, path: '0.2', score: 0.2, kept: false, reason: 'over-quota' },
    ];
    const answers = new Map([['1/0', { status: 'ok' as const, answer: 'Because.' }]]);
    const [tree] = buildRootTrees({ candidates: [candidate('0'), candidate('0.1'), candidate('0.2'), candidate('0.2.1')], drops: [], decisions, answers });
    const nodes = [...walkNodes([tree!])];
    expect(nodes.map((node) => node.mark)).toEqual(['kept', 'duplicate', 'over-quota', 'unfiltered']);
    expect(nodes[0]).toMatchObject({ score: 0.9, rank: 1, answer: { status: 'ok', text: 'Because.' } });
    expect(nodes[1]).toMatchObject({ duplicateOf: '1/0', rouge: 0.82 });
    expect(markOf(undefined)).toBe('unfiltered');
  });

  it('hangs a node whose parent is missing under its nearest stored ancestor, or at the top', () => {
    const [tree] = buildRootTrees({ candidates: [candidate('0'), candidate('0.1.2.1'), candidate('0.3', { pass: 1 })], drops: [], decisions: [] });
    expect(shape(tree!.nodes)).toEqual([{ '0': [{ '0.1.2.1': [] }, { '0.3': [] }] }]);
    const [orphans] = buildRootTrees({ candidates: [candidate('0.2'), candidate('0.1')], drops: [], decisions: [] });
    expect(shape(orphans!.nodes)).toEqual([{ '0.1': [] }, { '0.2': [] }]);
  });

  it('prefers the candidate when a path is both a candidate and a drop', () => {
    const [tree] = buildRootTrees({ candidates: [candidate('0')], drops: [drop('0', 'llm-call-failed')], decisions: [] });
    expect(tree!.nodes).toHaveLength(1);
    expect(tree!.nodes[0]!.mark).toBe('unfiltered');
  });

  it('gives no trees for a root without nodes', () => {
    expect(buildRootTrees({ candidates: [], drops: [], decisions: [] })).toEqual([]);
  });
});
