import { AnswerSettingsSchema } from './settings';

describe('AnswerSettingsSchema', () => {
  it('fills in the defaults', () => {
    expect(AnswerSettingsSchema.parse({})).toEqual({
      enabled: true,
      parseRetries: 2,
      temperature: 0.2,
      maxAnswerTokens: 512,
      demonstrations: 3,
      rounds: 1,
      candidateSets: 1,
      critique: false,
      principles: { extra: [] },
      judgeRetries: 2,
    });
  });
  it('keeps what the user sets', () => {
    const settings = AnswerSettingsSchema.parse({
      candidateSets: 4,
      critique: true,
      systemPrompt: ' You are a helpful assistant. ',
      principles: { replace: ['Be brief.'] },
      examples: [{ context: 'C', question: 'Q?', answer: 'A' }],
    });
    expect(settings.candidateSets).toBe(4);
    expect(settings.systemPrompt).toBe('You are a helpful assistant.');
    expect(settings.principles).toEqual({ extra: [], replace: ['Be brief.'] });
    expect(settings.examples).toHaveLength(1);
  });
  it('rejects unknown fields, out-of-range numbers, empty principle lists and bad examples', () => {
    const problems = (input: unknown) => {
      const parsed = AnswerSettingsSchema.safeParse(input);
      return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
    };
    expect(problems({ temprature: 0.3 })).toEqual(['']);
    expect(problems({ temperature: 3 })).toEqual(['temperature']);
    expect(problems({ demonstrations: 1.5 })).toEqual(['demonstrations']);
    expect(problems({ principles: { replace: [] } })).toEqual(['principles.replace']);
    expect(problems({ principles: { extra: ['  '] } })).toEqual(['principles.extra.0']);
    expect(problems({ examples: [{ context: 'C', question: 'Q?' }] })).toEqual(['examples.0.answer']);
    expect(problems({ systemPrompt: '' })).toEqual(['systemPrompt']);
  });
});
