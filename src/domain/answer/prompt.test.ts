import { buildCstMessages } from '../cst/prompt';
import { buildJudgeMessages } from './judge';
import { defaultPrinciples } from './principles';
import { ANSWER_JSON_SCHEMA, buildAnswerMessages, describeAnswerPrompt, formatAnswerReply, parseAnswerReply, type Demonstration } from './prompt';

const trace: Demonstration = { context: 'Bees fan nectar to dry it.', question: 'Why do bees fan nectar?', answer: 'To dry it.', reasoning: 'The context says they fan it to dry it.' };
const raw: Demonstration = { context: 'Tea leaves are steamed.', question: 'What happens to the leaves?', answer: 'They are steamed.' };

describe('buildAnswerMessages', () => {
  const messages = buildAnswerMessages({
    principles: defaultPrinciples('en'),
    demonstrations: [trace, raw],
    context: 'The library moved in 2019.',
    question: 'When did the library move?',
    language: 'en',
  });

  it('puts the numbered principles in the system message, then demonstrations as turns, then the request', () => {
    expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
    const system = messages[0]!.content;
    expect(system.startsWith('Task: answer a question from a reference context.')).toBe(true);
    defaultPrinciples('en').forEach((principle, index) => expect(system).toContain(`${index + 1}. ${principle}`));
    expect(system).toMatch(/"reasoning".*"answer"/);
    expect(messages[5]!.content).toBe('<context>\nThe library moved in 2019.\n</context>\n<question>\nWhen did the library move?\n</question>');
  });
  it('shows a trace with its reasoning and a raw example with its answer alone', () => {
    expect(messages[1]!.content).toContain(trace.context);
    expect(messages[1]!.content).toContain(trace.question);
    expect(JSON.parse(messages[2]!.content)).toEqual({ reasoning: trace.reasoning, answer: trace.answer });
    expect(JSON.parse(messages[4]!.content)).toEqual({ answer: raw.answer });
  });
  it('uses the text format when asked, in Chinese too', () => {
    const text = buildAnswerMessages({ principles: ['准确。'], demonstrations: [trace, raw], context: '上下文。', question: '问题？', language: 'zh', format: 'text' });
    expect(text[0]!.content.startsWith('任务：根据参考上下文回答问题。')).toBe(true);
    expect(text[0]!.content).toContain('1. 准确。');
    expect(text[2]!.content).toBe(`Reasoning: ${trace.reasoning}\nAnswer: ${trace.answer}`);
    expect(text[4]!.content).toBe(`Answer: ${raw.answer}`);
  });
});

describe('describeAnswerPrompt', () => {
  it('reads back the context, question, language, format and demonstration count', () => {
    const context = 'Line one.\nLine two with <b>markup</b>.';
    for (const language of ['en', 'zh'] as const) {
      for (const format of ['json', 'text'] as const) {
        const messages = buildAnswerMessages({ principles: ['P.'], demonstrations: [trace, raw, raw], context, question: 'Q?', language, format });
        expect(describeAnswerPrompt(messages)).toEqual({ kind: 'answer', context, question: 'Q?', language, demonstrationCount: 3, format });
      }
    }
  });
  it('does not mistake other prompts for an answer prompt', () => {
    expect(describeAnswerPrompt(buildCstMessages({ context: 'Some text here.', language: 'en', format: 'json' }))).toBeUndefined();
    const judge = buildJudgeMessages({ context: 'C.', question: 'Q?', referenceAnswer: 'A.', predictedAnswer: 'B.', language: 'en' });
    expect(describeAnswerPrompt(judge)).toBeUndefined();
    expect(describeAnswerPrompt([{ role: 'user', content: '<context>\nC\n</context>\n<question>\nQ\n</question>' }])).toBeUndefined();
  });
});

describe('ANSWER_JSON_SCHEMA', () => {
  it('asks for exactly reasoning and answer', () => {
    expect(ANSWER_JSON_SCHEMA.schema.required).toEqual(['reasoning', 'answer']);
    expect(ANSWER_JSON_SCHEMA.schema.additionalProperties).toBe(false);
  });
});

describe('parseAnswerReply', () => {
  it('reads the JSON object, in a code fence and with chatter too', () => {
    expect(parseAnswerReply('{"reasoning":" R. ","answer":" A. "}')).toEqual({ ok: true, reasoning: 'R.', answer: 'A.' });
    expect(parseAnswerReply('```json\nHere: {"reasoning":"R","answer":"A"}\n```')).toEqual({ ok: true, reasoning: 'R', answer: 'A' });
  });
  it('reads the text format, multi-line reasoning, Chinese labels and bold labels', () => {
    expect(parseAnswerReply('Reasoning: first.\nsecond.\nAnswer: The answer.')).toEqual({ ok: true, reasoning: 'first.\nsecond.', answer: 'The answer.' });
    expect(parseAnswerReply('推理：因为甲。\n答案：乙。')).toEqual({ ok: true, reasoning: '因为甲。', answer: '乙。' });
    expect(parseAnswerReply('**Reasoning:** r\n**Answer:** a')).toEqual({ ok: true, reasoning: 'r', answer: 'a' });
    expect(parseAnswerReply('Answer: only this')).toEqual({ ok: true, reasoning: '', answer: 'only this' });
  });
  it('reads back every reply format it writes', () => {
    for (const format of ['json', 'text'] as const) {
      expect(parseAnswerReply(formatAnswerReply({ reasoning: 'Why.', answer: 'What.' }, format))).toEqual({ ok: true, reasoning: 'Why.', answer: 'What.' });
    }
  });
  it('rejects an empty answer, a missing answer and prose, with a reason', () => {
    expect(parseAnswerReply('   ')).toEqual({ ok: false, reason: 'empty reply' });
    const empty = parseAnswerReply('{"reasoning":"R","answer":"  "}');
    expect(!empty.ok && empty.reason).toMatch(/answer: answer is empty/);
    const missing = parseAnswerReply('{"reasoning":"R"}');
    expect(!missing.ok && missing.reason).toMatch(/answer/);
    expect(parseAnswerReply('Reasoning: r\nAnswer:   ').ok).toBe(false);
    const prose = parseAnswerReply('I think the library moved in 2019.');
    expect(!prose.ok && prose.reason).toMatch(/"Answer:"/);
    expect(parseAnswerReply('{"reasoning": "R", "answer": ').ok).toBe(false);
  });
});
