/**
 * Prompt caching (issue 12): in every prompt family the static part (instruction, format rules,
 * examples, principles, demonstrations) is a byte-identical prefix across a run's calls and the
 * variable part (context, question, answers) is the last message, so a provider's prompt cache can
 * serve the prefix. Two calls with different variable parts must share every message but the last.
 */
import { cacheablePrefix, type ChatMessage } from './chat';
import { buildCritiqueMessages } from './answer/critique';
import { defaultAnswerExamples } from './answer/examples';
import { buildJudgeMessages } from './answer/judge';
import { defaultPrinciples } from './answer/principles';
import { buildAnswerMessages } from './answer/prompt';
import { defaultCstExamples } from './cst/examples';
import { buildCstMessages, type PromptLanguage } from './cst/prompt';
import { buildQualityJudgeMessages } from './judge/quality-judge';

const calls = [
  { context: 'The library moved into the old station in 2019.', question: 'When did the library move?', answer: 'In 2019.' },
  { context: 'Visits doubled after the move, mostly commuters.', question: 'Who visits the library?', answer: 'Mostly commuters.' },
];

type Family = (call: (typeof calls)[number], language: PromptLanguage) => ChatMessage[];

const families: Record<string, Family> = {
  'CST (full)': ({ context }, language) => buildCstMessages({ context, language, format: 'json' }),
  'CST (weakened negatives)': ({ context }, language) =>
    buildCstMessages({ context, language, format: 'json', instruction: 'terse', examples: defaultCstExamples(language).slice(0, 1) }),
  answers: ({ context, question }, language) =>
    buildAnswerMessages({ principles: defaultPrinciples(language), demonstrations: defaultAnswerExamples(language).slice(0, 3), context, question, language }),
  'self-improvement judge': ({ context, question, answer }, language) =>
    buildJudgeMessages({ context, question, referenceAnswer: answer, predictedAnswer: answer.toUpperCase(), language }),
  critique: ({ context, question, answer }, language) => buildCritiqueMessages({ context, question, answer, principles: defaultPrinciples(language), language }),
  'quality judge': ({ context, question, answer }, language) => buildQualityJudgeMessages({ criterion: 'faithfulness', context, question, answer, language }),
};

describe('prompt layout for provider prompt caching', () => {
  for (const [name, build] of Object.entries(families)) {
    for (const language of ['en', 'zh'] as const) {
      it(`${name} (${language}): every message but the last is the same across calls, and the last holds the variable part`, () => {
        const [first, second] = calls.map((call) => build(call, language));
        expect(first!.length).toBeGreaterThanOrEqual(2);
        expect(cacheablePrefix(second!)).toStrictEqual(cacheablePrefix(first!));
        for (const [index, call] of calls.entries()) {
          const messages = index === 0 ? first! : second!;
          expect(messages.at(-1)!.content).toContain(call.context);
          for (const message of cacheablePrefix(messages)) expect(message.content).not.toContain(call.context);
        }
      });
    }
  }
});
