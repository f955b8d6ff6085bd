/**
 * The optional critique-and-revise round (ours, default off; SPEC stage 3): the same LLM checks one
 * answer against its context and the principles, lists the problems and, when the answer is not
 * faithful, revises it once. The verdict goes to provenance; the revised answer replaces the answer.
 */
import { z } from 'zod';
import type { ChatMessage } from '../chat';
import type { PromptLanguage } from '../cst/prompt';
import { describeZodIssues, lastUserText, readSections, replyJsonObject, systemText, tagged } from './reply';

export interface CritiquePromptOptions {
  context: string;
  question: string;
  answer: string;
  principles: readonly string[];
  language: PromptLanguage;
}

/** The first line of every critique prompt's system message. */
export const CRITIQUE_TASK_LINE: Record<PromptLanguage, string> = {
  en: 'Task: check an answer against its reference context and revise it if needed.',
  zh: '任务：对照参考上下文检查一个回答，必要时加以修改。',
};

const INSTRUCTION: Record<PromptLanguage, string> = {
  en: [
    'You are given a reference context, a question and an answer, each between tags.',
    'Check that every statement of the answer is supported by the context and that the answer follows these principles:',
  ].join('\n'),
  zh: ['下面用标签分别给出参考上下文、问题和一个回答。', '请检查回答中的每一句话是否都有上下文支持，以及回答是否遵守以下原则：'].join('\n'),
};

const FORMAT_RULE: Record<PromptLanguage, string> = {
  en: [
    'Reply with a JSON object and nothing else, with the fields:',
    '"faithful": true if the answer is supported by the context and follows the principles, else false;',
    '"problems": the problems you found, or an empty string;',
    '"revisedAnswer": the answer rewritten to fix the problems (the answer unchanged when it is faithful).',
  ].join('\n'),
  zh: [
    '只回复一个 JSON 对象，不要输出其他内容，字段如下：',
    '"faithful"：回答有上下文支持且遵守原则时为 true，否则为 false；',
    '"problems"：发现的问题，没有则为空字符串；',
    '"revisedAnswer"：修正问题后的回答（回答没有问题时原样给出）。',
  ].join('\n'),
};

export const CRITIQUE_JSON_SCHEMA = {
  name: 'answer_critique',
  schema: {
    type: 'object',
    properties: {
      faithful: { type: 'boolean' },
      problems: { type: 'string' },
      revisedAnswer: { type: 'string' },
    },
    required: ['faithful', 'problems', 'revisedAnswer'],
    additionalProperties: false,
  },
} as const;

const TAGS = ['context', 'question', 'answer'] as const;

export function buildCritiqueMessages(options: CritiquePromptOptions): ChatMessage[] {
  const language = options.language;
  const principles = options.principles.map((principle, index) => `${index + 1}. ${principle}`).join('\n');
  const system = [CRITIQUE_TASK_LINE[language], INSTRUCTION[language], principles, FORMAT_RULE[language]].join('\n\n');
  const bodies = [options.context, options.question, options.answer];
  return [
    { role: 'system', content: system },
    { role: 'user', content: TAGS.map((tag, index) => tagged(tag, bodies[index]!)).join('\n') },
  ];
}

export interface CritiquePromptDescription {
  kind: 'critique';
  context: string;
  question: string;
  answer: string;
  language: PromptLanguage;
}

export function describeCritiquePrompt(messages: readonly ChatMessage[]): CritiquePromptDescription | undefined {
  const system = systemText(messages);
  const language = (['en', 'zh'] as const).find((candidate) => system.startsWith(CRITIQUE_TASK_LINE[candidate]));
  const user = lastUserText(messages);
  if (!language || user === undefined) return undefined;
  const sections = readSections(user, TAGS);
  if (!sections) return undefined;
  const [context, question, answer] = sections as [string, string, string];
  return { kind: 'critique', context, question, answer, language };
}

/** Models without structured output sometimes write "true" or "false" as strings; both are accepted. */
const BooleanLike = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

export const CritiqueReplySchema = z
  .object({
    faithful: BooleanLike,
    problems: z.string().trim().default(''),
    revisedAnswer: z.string().trim().default(''),
  })
  .refine((reply) => reply.faithful || reply.revisedAnswer.length > 0, { message: 'an unfaithful answer needs a non-empty revisedAnswer', path: ['revisedAnswer'] });

/** `revisedAnswer` may be empty when the answer is faithful: the caller then keeps the answer it has. */
export type CritiqueParseResult = { ok: true; faithful: boolean; problems: string; revisedAnswer: string } | { ok: false; reason: string };

export function parseCritiqueReply(text: string): CritiqueParseResult {
  if (text.trim().length === 0) return { ok: false, reason: 'empty reply' };
  const json = replyJsonObject(text);
  if (!json.ok) return json;
  const checked = CritiqueReplySchema.safeParse(json.value);
  if (!checked.success) return { ok: false, reason: `JSON reply does not match {faithful, problems, revisedAnswer}: ${describeZodIssues(checked.error)}` };
  return { ok: true, ...checked.data };
}
