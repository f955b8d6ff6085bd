import { parseCstReply } from './parse';

describe('parseCstReply', () => {
  it('reads the JSON object of structured output', () => {
    const reply = parseCstReply('{"question":"Why?","context1":"A.","context2":"B."}');
    expect(reply).toEqual({ ok: true, value: { question: 'Why?', context1: 'A.', context2: 'B.' } });
  });
  it('reads JSON inside a code fence with chatter around the object', () => {
    const reply = parseCstReply('```json\nSure: {"question":" How? ","context1":"A.","context2":"B."}\n```');
    expect(reply.ok && reply.value.question).toBe('How?');
  });
  it("reads the authors' text format, multi-line parts included", () => {
    const reply = parseCstReply('Question: What changed?\nContext 1: First line.\nstill first.\nContext 2: Second.');
    expect(reply).toEqual({ ok: true, value: { question: 'What changed?', context1: 'First line.\nstill first.', context2: 'Second.' } });
  });
  it('reads Chinese labels and full-width colons', () => {
    const reply = parseCstReply('问题：为什么？\n上下文1：甲。\n上下文2：乙。');
    expect(reply.ok && reply.value).toEqual({ question: '为什么？', context1: '甲。', context2: '乙。' });
  });
  it('explains why a reply cannot be used', () => {
    expect(parseCstReply('')).toEqual({ ok: false, reason: 'empty reply' });
    const missing = parseCstReply('{"question":"Q?","context1":"A."}');
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.reason).toMatch(/context2/);
    const prose = parseCstReply('I cannot split this text.');
    expect(!prose.ok && prose.reason).toMatch(/Question:/);
    const broken = parseCstReply('{"question": "Q?", "context1": ');
    expect(broken.ok).toBe(false);
  });
});
