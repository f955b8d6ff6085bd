import { defaultPrinciples, resolvePrinciples } from './principles';

const HAN = /\p{Script=Han}/u;

describe('default principles', () => {
  it('has the three principles of the SPEC in English and Chinese', () => {
    const english = defaultPrinciples('en');
    const chinese = defaultPrinciples('zh');
    expect(english).toHaveLength(3);
    expect(chinese).toHaveLength(3);
    expect(english[0]).toMatch(/accurate/i);
    expect(english[0]).toMatch(/context/);
    expect(english[1]).toMatch(/knowledgeable/i);
    expect(english[2]).toMatch(/ethical/i);
    for (const principle of chinese) expect(principle).toMatch(HAN);
    expect(chinese[0]).toContain('上下文');
    expect(chinese[2]).toContain('伦理');
  });
});

describe('resolvePrinciples', () => {
  it('gives the defaults for the language when nothing is supplied', () => {
    expect(resolvePrinciples({ language: 'zh' })).toEqual([...defaultPrinciples('zh')]);
  });
  it('adds extra principles after the defaults', () => {
    const principles = resolvePrinciples({ language: 'en', extra: ['Answer in British English.'] });
    expect(principles).toHaveLength(4);
    expect(principles.slice(0, 3)).toEqual([...defaultPrinciples('en')]);
    expect(principles[3]).toBe('Answer in British English.');
  });
  it('replaces the defaults and still adds the extra ones', () => {
    expect(resolvePrinciples({ language: 'en', replace: ['Be brief.'], extra: ['Cite numbers exactly.'] })).toEqual(['Be brief.', 'Cite numbers exactly.']);
  });
  it('trims, drops empty principles and exact repeats', () => {
    const first = defaultPrinciples('en')[0]!;
    expect(resolvePrinciples({ language: 'en', replace: ['  Be brief. ', ''], extra: ['Be brief.', '   ', `${first}`] })).toEqual(['Be brief.', first]);
  });
});
