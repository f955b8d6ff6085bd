import { buildQualityJudgeMessages, describeQualityJudgePrompt, parseQualityJudgeReply } from './quality-judge';

describe('the quality judge prompts', () => {
  it('round-trips an answerability prompt in English', () => {
    const messages = buildQualityJudgeMessages({ criterion: 'answerability', context: 'The hall became a reading room.', question: 'What did the hall become?', language: 'en' });
    expect(messages[0]!.content).toMatch(/^Task: judge whether a question can be answered from a context alone\./);
    expect(describeQualityJudgePrompt(messages)).toEqual({
      criterion: 'answerability',
      context: 'The hall became a reading room.',
      question: 'What did the hall become?',
      language: 'en',
      format: 'json',
    });
  });

  it('round-trips a faithfulness prompt in Chinese, text format', () => {
    const messages = buildQualityJudgeMessages({ criterion: 'faithfulness', context: '大厅变成了阅览室。', question: '大厅变成了什么？', answer: '阅览室。', language: 'zh', format: 'text' });
    expect(describeQualityJudgePrompt(messages)).toEqual({ criterion: 'faithfulness', context: '大厅变成了阅览室。', question: '大厅变成了什么？', answer: '阅览室。', language: 'zh', format: 'text' });
  });

  it('does not claim other prompts', () => {
    expect(describeQualityJudgePrompt([{ role: 'system', content: 'Task: judge whether an answer to a question is correct.' }])).toBeUndefined();
    expect(describeQualityJudgePrompt([{ role: 'user', content: 'hello' }])).toBeUndefined();
  });

  it('reads yes/no verdicts and rejects anything else', () => {
    expect(parseQualityJudgeReply('{"verdict": "yes"}')).toEqual({ ok: true, verdict: 'yes' });
    expect(parseQualityJudgeReply('No.')).toEqual({ ok: true, verdict: 'no' });
    expect(parseQualityJudgeReply('The answer is probably fine')).toMatchObject({ ok: false });
  });
});
