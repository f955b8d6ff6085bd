import { defaultPrinciples } from '../domain/answer/principles';
import { RunInputSchema } from '../domain/run-input';
import { speakingTo, type AnswerSetup } from './answer-activities';

const setup: AnswerSetup = { language: 'en', examplesSource: 'defaults', examples: [], principles: ['Answer from the context.', 'Be brief.'], warnings: [] };

describe('speakingTo', () => {
  it('keeps the run setup for a context in the main language', () => {
    expect(speakingTo(setup, RunInputSchema.parse({ corpus: { paths: ['x'] } }), 'The pump starts at six.')).toBe(setup);
  });

  it('speaks Chinese to a Chinese context of an English corpus, with the extra principles kept', () => {
    const settings = RunInputSchema.parse({ corpus: { paths: ['x'] }, answers: { principles: { extra: ['Cite numbers exactly.'] } } });
    const chinese = speakingTo(setup, settings, '共享单车的车辆每天早上都会被重新调配。');
    expect(chinese.language).toBe('zh');
    expect(chinese.principles).toEqual([...defaultPrinciples('zh'), 'Cite numbers exactly.']);
    expect(chinese.examples).toBe(setup.examples);
  });

  it('uses replaced principles whatever the language', () => {
    const settings = RunInputSchema.parse({ corpus: { paths: ['x'] }, answers: { principles: { replace: ['Only the context.'] } } });
    expect(speakingTo(setup, settings, '调度员根据前一天的骑行数据调配车辆。').principles).toEqual(['Only the context.']);
  });
});
