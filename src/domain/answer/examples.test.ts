import { splitSentences } from '../text/sentences';
import { defaultAnswerExamples, parseExampleTriplets, type ExampleTriplet } from './examples';

const line = (value: unknown) => JSON.stringify(value);
const triplet = (n: number): ExampleTriplet => ({ context: `Context number ${n}.`, question: `Question ${n}?`, answer: `Answer ${n}.` });
const file = (count: number) => Array.from({ length: count }, (_, index) => line(triplet(index + 1))).join('\n');

describe('default answer examples', () => {
  it.each(['en', 'zh'] as const)('has six varied, well-formed %s triplets', (language) => {
    const examples = defaultAnswerExamples(language);
    expect(examples).toHaveLength(6);
    expect(new Set(examples.map((example) => example.question)).size).toBe(6);
    for (const example of examples) {
      expect(example.context.trim().length).toBeGreaterThan(40);
      const sentences = splitSentences(example.answer, language);
      expect(sentences.length).toBeGreaterThanOrEqual(1);
      expect(sentences.length).toBeLessThanOrEqual(3);
      // Each answer passes the parser the users' files go through.
      expect(parseExampleTriplets(line(example), 'defaults.jsonl').ok).toBe(true);
    }
  });
  it('writes the Chinese examples in Chinese', () => {
    for (const example of defaultAnswerExamples('zh')) expect(example.answer).toMatch(/\p{Script=Han}/u);
  });
  it('keeps English answers faithful: almost every content word comes from the context', () => {
    for (const example of defaultAnswerExamples('en')) {
      const words = (text: string) => (text.toLowerCase().match(/[a-z]{5,}/g) ?? []).map((word) => word.slice(0, 5));
      const context = new Set(words(example.context));
      const answer = words(example.answer);
      const grounded = answer.filter((word) => context.has(word)).length / answer.length;
      expect(grounded).toBeGreaterThanOrEqual(0.75);
    }
  });
  it('keeps Chinese answers faithful: almost every character comes from the context', () => {
    for (const example of defaultAnswerExamples('zh')) {
      const characters = [...example.answer].filter((character) => /\p{Script=Han}/u.test(character));
      const grounded = characters.filter((character) => example.context.includes(character)).length / characters.length;
      expect(grounded).toBeGreaterThanOrEqual(0.85);
    }
  });
});

describe('parseExampleTriplets', () => {
  it('reads one triplet per line, ignoring blank lines, a BOM and CRLF, trimming and dropping extra fields', () => {
    const text = `\uFEFF${line({ ...triplet(1), id: 'a' })}\r\n\r\n${line({ context: ' C2 ', question: 'Q2?', answer: ' A2 ' })}\n${file(3)}\n\n`;
    const result = parseExampleTriplets(text, 'examples.jsonl');
    expect(result).toEqual({
      ok: true,
      examples: [triplet(1), { context: 'C2', question: 'Q2?', answer: 'A2' }, triplet(1), triplet(2), triplet(3)],
      warnings: [],
    });
  });
  it('names the file, the 1-based line and the field of a missing or empty field', () => {
    const lines = [line(triplet(1)), '', line({ context: 'C', question: 'Q?' }), line({ context: 'C', question: 'Q?', answer: '   ' }), line({ context: 'C', question: 7, answer: 'A' })];
    const result = parseExampleTriplets(lines.join('\n'), 'examples.jsonl');
    expect(result).toEqual({
      ok: false,
      message: [
        'examples.jsonl line 3: field "answer": expected a non-empty string',
        'examples.jsonl line 4: field "answer": expected a non-empty string',
        'examples.jsonl line 5: field "question": expected a non-empty string',
      ].join('\n'),
    });
  });
  it('reports a line that is not JSON, or not an object', () => {
    const result = parseExampleTriplets(`${line(triplet(1))}\n{"context": "C", "question": \n["a"]`, 'mine.jsonl');
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : result.message;
    expect(message).toMatch(/^mine\.jsonl line 2: not valid JSON \(/);
    expect(message).toContain('mine.jsonl line 3: expected a JSON object {context, question, answer}');
  });
  it('lists at most ten problems', () => {
    const result = parseExampleTriplets(Array.from({ length: 15 }, () => 'nope').join('\n'), 'bad.jsonl');
    const message = result.ok ? '' : result.message;
    expect(message.split('\n')).toHaveLength(11);
    expect(message).toContain('bad.jsonl line 10:');
    expect(message).not.toContain('bad.jsonl line 11:');
    expect(message).toContain('and 5 more problems');
  });
  it('refuses a file without examples and one with more than twenty', () => {
    expect(parseExampleTriplets('\n \n', 'empty.jsonl')).toEqual({ ok: false, message: expect.stringMatching(/^empty\.jsonl: no examples found/) });
    const many = parseExampleTriplets(file(21), 'many.jsonl');
    expect(many.ok).toBe(false);
    expect(!many.ok && many.message).toMatch(/^many\.jsonl: 21 examples is more than the limit of 20/);
  });
  it('accepts 1 to 20 examples but warns outside 5 to 10', () => {
    const few = parseExampleTriplets(file(3), 'few.jsonl');
    expect(few.ok && few.examples).toHaveLength(3);
    expect(few.ok && few.warnings).toEqual(['few.jsonl: 3 examples; the method is meant for 5 to 10']);
    const twelve = parseExampleTriplets(file(12), 'twelve.jsonl');
    expect(twelve.ok && twelve.warnings).toHaveLength(1);
    expect(parseExampleTriplets(file(10), 'ten.jsonl')).toMatchObject({ ok: true, warnings: [] });
  });
});
