import { CstSettingsSchema, scaledRules } from './rules';
import { decideNode, shouldExpand } from './stop-rules';

const rules = scaledRules(CstSettingsSchema.parse({}), 1);
const context = 'The library moved into the old station. The waiting hall became a reading room.';

describe('shouldExpand', () => {
  it('expands only contexts longer than minChars, in code points', () => {
    expect(shouldExpand('x'.repeat(20), rules)).toBe(false);
    expect(shouldExpand('x'.repeat(21), rules)).toBe(true);
    // 20 emoji are 40 UTF-16 units but 20 code points: not expanded.
    expect(shouldExpand('😀'.repeat(20), rules)).toBe(false);
  });
});

describe('decideNode', () => {
  const split = { question: 'How did the library change?', context1: 'The library moved into the old station.', context2: 'The waiting hall became a reading room.' };

  it('keeps the pair and recurses on both halves', () => {
    const decision = decideNode(context, split, 0, rules);
    expect(decision).toMatchObject({ kind: 'keep', children: [split.context1, split.context2] });
    expect(decision.kind === 'keep' && decision.leafReason).toBeUndefined();
  });
  it('drops a node whose question is shorter than 5 characters', () => {
    expect(decideNode(context, { ...split, question: 'Why' }, 0, rules)).toMatchObject({ kind: 'drop', reason: 'question-too-short' });
  });
  it('keeps the pair without recursion when a part is not shorter than the context', () => {
    expect(decideNode(context, { ...split, context2: context }, 0, rules)).toMatchObject({ kind: 'keep', children: [], leafReason: 'split-not-shorter' });
  });
  it('stops at the grounding guard when a part drifted from the text', () => {
    const drifted = { ...split, context2: 'Completely unrelated words about volcanoes erupting.' };
    expect(decideNode(context, drifted, 0, rules)).toMatchObject({ kind: 'keep', children: [], leafReason: 'grounding-guard' });
    // Without the grounding guard the invented-content guard still catches a half the parent never had.
    expect(decideNode(context, drifted, 0, { ...rules, groundingGuard: false })).toMatchObject({ kind: 'keep', children: [], leafReason: 'invented-content' });
    expect(decideNode(context, drifted, 0, { ...rules, groundingGuard: false, inventedContentGuard: false })).toMatchObject({
      kind: 'keep',
      children: [split.context1, drifted.context2],
    });
  });
  it('drops a reply whose question is a statement, unless questions are not required', () => {
    const statement = { ...split, question: 'The library has a unique culture.' };
    expect(decideNode(context, statement, 0, rules)).toMatchObject({ kind: 'drop', reason: 'not-a-question' });
    expect(decideNode(context, statement, 0, { ...rules, requireQuestion: false })).toMatchObject({ kind: 'keep' });
    // A question without a question mark still counts when it opens with a question word.
    expect(decideNode(context, { ...split, question: 'How did the library change' }, 0, rules)).toMatchObject({ kind: 'keep' });
    expect(decideNode('图书馆搬进了旧车站。候车大厅变成了阅览室。', { question: '候车大厅变成了什么', context1: '图书馆搬进了旧车站。', context2: '候车大厅变成了阅览室。' }, 0, rules, 'zh')).toMatchObject({
      kind: 'keep',
    });
    expect(decideNode('图书馆搬进了旧车站。候车大厅变成了阅览室。', { question: '图书馆搬进了旧车站。', context1: '图书馆搬进了旧车站。', context2: '候车大厅变成了阅览室。' }, 0, rules, 'zh')).toMatchObject({
      kind: 'drop',
      reason: 'not-a-question',
    });
  });
  it('stops at a split that invents a number or a name the parent does not have', () => {
    // High ROUGE-L precision (the grounding guard passes), but "1998" and "Carnegie" are new.
    const invented = { ...split, context1: 'The library moved into the old station in 1998.', context2: 'The waiting hall became a Carnegie reading room.' };
    const decision = decideNode(context, invented, 0, rules);
    expect(decision).toMatchObject({ kind: 'keep', children: [], leafReason: 'invented-content' });
    expect(decision.kind === 'keep' && decision.detail).toMatch(/numbers 1998/);
    expect(decideNode(context, invented, 0, { ...rules, inventedContentGuard: false })).toMatchObject({ kind: 'keep', children: [invented.context1, invented.context2] });
  });
  it('honours the depth cap', () => {
    expect(decideNode(context, split, 12, rules)).toMatchObject({ kind: 'keep', children: [], leafReason: 'depth-cap' });
  });
  it('does not recurse into parts at or under minChars', () => {
    const short = { question: 'What happened to the hall?', context1: 'The hall changed.', context2: 'It became a room.' };
    expect(decideNode('The hall changed. It became a room. Everyone liked it.', short, 0, rules)).toMatchObject({
      kind: 'keep',
      children: [],
      leafReason: 'sub-contexts-at-min-length',
    });
  });
});
