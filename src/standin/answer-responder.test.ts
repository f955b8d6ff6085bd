import { buildCritiqueMessages, parseCritiqueReply } from '../domain/answer/critique';
import { defaultAnswerExamples } from '../domain/answer/examples';
import { buildJudgeMessages, parseJudgeReply } from '../domain/answer/judge';
import { defaultPrinciples } from '../domain/answer/principles';
import { buildAnswerMessages, parseAnswerReply } from '../domain/answer/prompt';
import { buildCstMessages } from '../domain/cst/prompt';
import { answerStandinReply, bestSentence, standinAnswerKind } from './answer-responder';

const CONTEXT =
  'The town library moved into the old railway station in 2019. The waiting hall became a reading room. Since the move, visits have doubled because commuters drop in on their way home.';

const answerPrompt = (question: string, format: 'json' | 'text' = 'json', context = CONTEXT, language: 'en' | 'zh' = 'en') =>
  buildAnswerMessages({ principles: defaultPrinciples(language), demonstrations: defaultAnswerExamples(language).slice(0, 3), context, question, language, format });

function judge(predictedAnswer: string, referenceAnswer: string, format: 'json' | 'text' = 'json'): string {
  const reply = answerStandinReply(buildJudgeMessages({ context: CONTEXT, question: 'Q?', referenceAnswer, predictedAnswer, language: 'en', format }), 1)!;
  const parsed = parseJudgeReply(reply);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.verdict;
}

describe('answerStandinReply: answer prompts', () => {
  it('answers with the context sentence that shares most words with the question, and says it quotes the context', () => {
    const reply = parseAnswerReply(answerStandinReply(answerPrompt('Why have visits to the library doubled?'), 3)!);
    expect(reply).toEqual({ ok: true, reasoning: expect.stringMatching(/quote/), answer: 'Since the move, visits have doubled because commuters drop in on their way home.' });
    const first = parseAnswerReply(answerStandinReply(answerPrompt('What became of the waiting hall?'), 3)!);
    expect(first.ok && first.answer).toBe('The waiting hall became a reading room.');
  });
  it('follows the requested format and is deterministic', () => {
    const text = answerStandinReply(answerPrompt('What became of the waiting hall?', 'text'), 2)!;
    expect(text).toMatch(/^Reasoning: .+\nAnswer: The waiting hall became a reading room\.$/);
    expect(answerStandinReply(answerPrompt('What became of the waiting hall?', 'text'), 2)).toBe(text);
    expect(answerStandinReply(answerPrompt('What became of the waiting hall?'), 2)!.startsWith('{')).toBe(true);
  });
  it('answers Chinese prompts from a Chinese context', () => {
    const context = '小镇图书馆在2019年搬进了旧火车站。候车大厅改成了阅览室。搬迁之后，到馆人次翻了一番。';
    const reply = parseAnswerReply(answerStandinReply(answerPrompt('候车大厅改成了什么？', 'json', context, 'zh'), 1)!);
    expect(reply).toEqual({ ok: true, reasoning: expect.stringContaining('引用'), answer: '候车大厅改成了阅览室。' });
  });
  it('falls back to the first sentence when no word is shared', () => {
    expect(bestSentence(CONTEXT, 'Xylophones?', 'en')).toBe('The town library moved into the old railway station in 2019.');
  });
});

describe('answerStandinReply: judge prompts', () => {
  it('says yes when 30% of the predicted words are in the reference answer', () => {
    expect(judge('Visits doubled thanks to commuters.', 'Commuters made visits double.')).toBe('yes');
  });
  it("says yes when the prediction quotes the context sentence the reference answer draws on", () => {
    expect(judge('Since the move, visits have doubled because commuters drop in on their way home.', 'Commuters.')).toBe('yes');
  });
  it('says no to an answer unrelated to the reference and its sentence', () => {
    expect(judge('The waiting hall became a reading room.', 'Because commuters drop in on their way home.')).toBe('no');
    expect(judge('Penguins enjoy cold weather.', 'In 2019.', 'text')).toBe('no');
  });
  it('replies with a bare word to a text-format judge prompt', () => {
    const reply = answerStandinReply(buildJudgeMessages({ context: CONTEXT, question: 'Q?', referenceAnswer: 'In 2019.', predictedAnswer: 'It moved in 2019.', language: 'en', format: 'text' }), 1);
    expect(reply).toBe('yes');
  });
});

describe('answerStandinReply: critique prompts', () => {
  const critique = (answer: string) =>
    parseCritiqueReply(answerStandinReply(buildCritiqueMessages({ context: CONTEXT, question: 'What became of the waiting hall?', answer, principles: defaultPrinciples('en'), language: 'en' }), 1)!);

  it('calls an answer made of context words faithful and keeps it', () => {
    expect(critique('The waiting hall became a reading room.')).toEqual({ ok: true, faithful: true, problems: '', revisedAnswer: 'The waiting hall became a reading room.' });
  });
  it('revises an answer whose words are mostly not in the context to the best context sentence', () => {
    const result = critique('A glamorous ballroom hosting weekly dances.');
    expect(result).toEqual({ ok: true, faithful: false, problems: expect.stringContaining('glamorous'), revisedAnswer: 'The waiting hall became a reading room.' });
  });
});

describe('answerStandinReply: other prompts', () => {
  it('returns undefined for messages that are not answer, judge or critique prompts', () => {
    expect(answerStandinReply(buildCstMessages({ context: CONTEXT, language: 'en', format: 'json' }), 1)).toBeUndefined();
    expect(answerStandinReply([{ role: 'user', content: 'Hello' }], 1)).toBeUndefined();
    expect(standinAnswerKind([{ role: 'user', content: 'Hello' }])).toBeUndefined();
  });
  it('names the kind of prompt', () => {
    expect(standinAnswerKind(answerPrompt('Q?'))).toBe('answer');
    expect(standinAnswerKind(buildJudgeMessages({ context: 'C', question: 'Q', referenceAnswer: 'A', predictedAnswer: 'B', language: 'zh' }))).toBe('judge');
    expect(standinAnswerKind(buildCritiqueMessages({ context: 'C', question: 'Q', answer: 'A', principles: [], language: 'en' }))).toBe('critique');
  });
});

describe('self-improvement on the stand-in', () => {
  it('passes some default examples and fails others, so the stage has both outcomes to handle', () => {
    for (const language of ['en', 'zh'] as const) {
      const examples = defaultAnswerExamples(language);
      const verdicts = examples.map((example, index) => {
        const demos = examples.filter((_, other) => other !== index).slice(0, 3);
        const messages = buildAnswerMessages({ principles: defaultPrinciples(language), demonstrations: demos, context: example.context, question: example.question, language });
        const answer = parseAnswerReply(answerStandinReply(messages, index)!);
        if (!answer.ok) throw new Error(answer.reason);
        const verdict = parseJudgeReply(
          answerStandinReply(buildJudgeMessages({ context: example.context, question: example.question, referenceAnswer: example.answer, predictedAnswer: answer.answer, language }), index)!,
        );
        return verdict.ok && verdict.verdict;
      });
      expect(verdicts).toContain('no');
      expect(verdicts).toContain('yes');
      expect(verdicts.every((verdict) => verdict === 'yes' || verdict === 'no')).toBe(true);
    }
  });
});
