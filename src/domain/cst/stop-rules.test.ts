import { CstSettingsSchema, rootQuota, scaledRules } from './rules';
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
    expect(decideNode(context, drifted, 0, { ...rules, groundingGuard: false })).toMatchObject({ kind: 'keep', children: [split.context1, drifted.context2] });
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

describe('rootQuota', () => {
  it('is floor(len / 35) for CJK and scales for other scripts', () => {
    const settings = CstSettingsSchema.parse({});
    expect(rootQuota(500, settings, 1)).toBe(14);
    expect(rootQuota(69, settings, 1)).toBe(1);
    expect(rootQuota(34, settings, 1)).toBe(0);
    expect(rootQuota(1500, settings, 3)).toBe(14);
  });
});
