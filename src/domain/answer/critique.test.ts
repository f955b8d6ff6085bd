import { buildCritiqueMessages, CRITIQUE_JSON_SCHEMA, describeCritiquePrompt, parseCritiqueReply } from './critique';
import { describeAnswerPrompt } from './prompt';
import { describeJudgePrompt } from './judge';

const options = { context: 'Bees fan nectar until it thickens.', question: 'How does nectar thicken?', answer: 'Bees fan it.', principles: ['Be accurate.', 'Be natural.'] };

describe('buildCritiqueMessages / describeCritiquePrompt', () => {
  it('shows the numbered principles and reads context, question and answer back', () => {
    for (const language of ['en', 'zh'] as const) {
      const messages = buildCritiqueMessages({ ...options, language });
      expect(messages[0]!.content).toContain('1. Be accurate.\n2. Be natural.');
      expect(messages[0]!.content).toContain('"revisedAnswer"');
      expect(describeCritiquePrompt(messages)).toEqual({ kind: 'critique', context: options.context, question: options.question, answer: options.answer, language });
      expect(describeAnswerPrompt(messages)).toBeUndefined();
      expect(describeJudgePrompt(messages)).toBeUndefined();
    }
  });
  it('has a schema with the three fields', () => {
    expect(CRITIQUE_JSON_SCHEMA.schema.required).toEqual(['faithful', 'problems', 'revisedAnswer']);
  });
});

describe('parseCritiqueReply', () => {
  it('reads a verdict and a revision', () => {
    expect(parseCritiqueReply('{"faithful": false, "problems": "Adds a date.", "revisedAnswer": " Bees fan it. "}')).toEqual({
      ok: true,
      faithful: false,
      problems: 'Adds a date.',
      revisedAnswer: 'Bees fan it.',
    });
    expect(parseCritiqueReply('```json\n{"faithful": "true", "problems": "", "revisedAnswer": ""}\n```')).toEqual({ ok: true, faithful: true, problems: '', revisedAnswer: '' });
  });
  it('rejects an unfaithful verdict without a revision, a missing verdict and prose', () => {
    const noRevision = parseCritiqueReply('{"faithful": false, "problems": "Wrong.", "revisedAnswer": " "}');
    expect(!noRevision.ok && noRevision.reason).toMatch(/revisedAnswer: an unfaithful answer needs a non-empty revisedAnswer/);
    const noVerdict = parseCritiqueReply('{"problems": "", "revisedAnswer": "x"}');
    expect(!noVerdict.ok && noVerdict.reason).toMatch(/faithful/);
    expect(parseCritiqueReply('The answer looks fine.')).toEqual({ ok: false, reason: 'no JSON object in the reply' });
    expect(parseCritiqueReply('')).toEqual({ ok: false, reason: 'empty reply' });
  });
});
