import { buildAnswerMessages } from './prompt';
import { buildJudgeMessages, describeJudgePrompt, JUDGE_JSON_SCHEMA, parseJudgeReply } from './judge';

const options = { context: 'The bridge opened in 1932.', question: 'When did the bridge open?', referenceAnswer: 'In 1932.', predictedAnswer: 'It opened in 1932.' };

describe('buildJudgeMessages / describeJudgePrompt', () => {
  it('asks for a yes/no verdict and reads its parts back', () => {
    for (const language of ['en', 'zh'] as const) {
      for (const format of ['json', 'text'] as const) {
        const messages = buildJudgeMessages({ ...options, language, format });
        expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
        expect(messages[0]!.content).toMatch(format === 'json' ? /"verdict"/ : /yes.*no/);
        for (const part of Object.values(options)) expect(messages[1]!.content).toContain(part);
        expect(describeJudgePrompt(messages)).toEqual({ kind: 'judge', ...options, language, format });
      }
    }
  });
  it('is not an answer prompt and an answer prompt is not a judge prompt', () => {
    const answer = buildAnswerMessages({ principles: ['P'], demonstrations: [], context: 'C', question: 'Q', language: 'en' });
    expect(describeJudgePrompt(answer)).toBeUndefined();
  });
  it('has a schema that only allows yes or no', () => {
    expect(JUDGE_JSON_SCHEMA.schema.properties.verdict.enum).toEqual(['yes', 'no']);
  });
});

describe('parseJudgeReply', () => {
  it.each([
    ['{"verdict":"yes"}', 'yes'],
    ['{"verdict": "No"}', 'no'],
    ['```json\n{"verdict": "YES"}\n```', 'yes'],
    ['yes', 'yes'],
    [' No. ', 'no'],
    ['Yes!', 'yes'],
    ['"no"', 'no'],
    ['是', 'yes'],
    ['否。', 'no'],
    ['“是”', 'yes'],
  ])('reads %j as %s', (reply, verdict) => {
    expect(parseJudgeReply(reply)).toEqual({ ok: true, verdict });
  });
  it.each(['', 'maybe', 'Yes, the answer is correct.', 'yes no', '{"verdict":"perhaps"}', '{"answer":"yes"}', '{"verdict": '])('does not accept %j', (reply) => {
    const result = parseJudgeReply(reply);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason.length).toBeGreaterThan(0);
  });
  it('explains an unusable verdict', () => {
    expect(parseJudgeReply('{"verdict":"perhaps"}')).toEqual({ ok: false, reason: 'JSON reply does not match {"verdict": "yes" | "no"}: expected "yes" or "no", got "perhaps"' });
    expect(parseJudgeReply('maybe')).toEqual({ ok: false, reason: 'reply is neither yes nor no: "maybe"' });
  });
});
