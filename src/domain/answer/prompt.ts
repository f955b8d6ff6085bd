/**
 * The answer program (SPEC stage 3): an instruction with the numbered principles, the demonstrations
 * as earlier user/assistant turns, then the node's context and the question. The model reasons step
 * by step and then answers; the reasoning goes to provenance, only the answer to the training record.
 *
 * The system message starts with a fixed task line per language; `describeAnswerPrompt` uses it to
 * recognise an answer prompt and read it back (the stand-in server does), so the two stay in step.
 */
import { z } from 'zod';
import type { ChatMessage } from '../chat';
import { parseEitherFormat } from '../cst/parse';
import type { PromptLanguage, ReplyFormat } from '../cst/prompt';
import { describeZodIssues, lastUserText, readSections, replyJsonObject, stripCodeFence, systemText, tagged } from './reply';

/** One demonstration: a bootstrapped trace carries the model's reasoning, a raw human example does not. */
export interface Demonstration {
  context: string;
  question: string;
  answer: string;
  reasoning?: string;
}

export interface AnswerPromptOptions {
  principles: readonly string[];
  demonstrations: readonly Demonstration[];
  context: string;
  question: string;
  language: PromptLanguage;
  /** 'json' (the default): reply follows ANSWER_JSON_SCHEMA; 'text': "Reasoning: ... / Answer: ..." lines. */
  format?: ReplyFormat;
}

/** The first line of every answer prompt's system message. */
export const ANSWER_TASK_LINE: Record<PromptLanguage, string> = {
  en: 'Task: answer a question from a reference context.',
  zh: '任务：根据参考上下文回答问题。',
};

const INSTRUCTION: Record<PromptLanguage, string> = {
  en: [
    'Each request gives a reference context between <context> tags and a question between <question> tags.',
    'First reason step by step about what the context says on the question, then give the answer.',
    'The reader of the answer sees neither the context nor your reasoning, so the answer must stand on its own.',
    'Follow these principles:',
  ].join('\n'),
  zh: [
    '每次请求会在 <context> 标签之间给出参考上下文，在 <question> 标签之间给出问题。',
    '先逐步推理上下文中与问题有关的内容，再给出回答。',
    '读者看不到上下文和你的推理过程，所以回答本身必须完整、可以独立理解。',
    '请遵守以下原则：',
  ].join('\n'),
};

const FORMAT_RULES: Record<ReplyFormat, Record<PromptLanguage, string>> = {
  json: {
    en: 'Reply with a JSON object with the string fields "reasoning" (your step-by-step reasoning) and "answer" (the answer alone), and nothing else.',
    zh: '只回复一个 JSON 对象，包含字符串字段 "reasoning"（逐步推理过程）和 "answer"（只写回答本身），不要输出其他内容。',
  },
  text: {
    en: 'Reply in exactly this form, with nothing before or after:\nReasoning: <your step-by-step reasoning>\nAnswer: <the answer alone>',
    zh: '严格按以下格式回复，前后不要有其他内容：\nReasoning: <逐步推理过程>\nAnswer: <回答本身>',
  },
};

/** JSON schema for the reply when the endpoint supports structured output. */
export const ANSWER_JSON_SCHEMA = {
  name: 'grounded_answer',
  schema: {
    type: 'object',
    properties: {
      reasoning: { type: 'string' },
      answer: { type: 'string' },
    },
    required: ['reasoning', 'answer'],
    additionalProperties: false,
  },
} as const;

const CONTEXT_TAG = 'context';
const QUESTION_TAG = 'question';

function requestText(context: string, question: string): string {
  return `${tagged(CONTEXT_TAG, context)}\n${tagged(QUESTION_TAG, question)}`;
}

/** A demonstration's reply; a raw example (no reasoning) shows the answer alone, as DSPy shows raw demos. */
export function formatAnswerReply(reply: { reasoning?: string; answer: string }, format: ReplyFormat): string {
  const hasReasoning = reply.reasoning !== undefined && reply.reasoning.trim().length > 0;
  if (format === 'json') return JSON.stringify(hasReasoning ? { reasoning: reply.reasoning, answer: reply.answer } : { answer: reply.answer });
  return hasReasoning ? `Reasoning: ${reply.reasoning}\nAnswer: ${reply.answer}` : `Answer: ${reply.answer}`;
}

export function buildAnswerMessages(options: AnswerPromptOptions): ChatMessage[] {
  const format = options.format ?? 'json';
  const language = options.language;
  const principles = options.principles.map((principle, index) => `${index + 1}. ${principle}`).join('\n');
  const system = [ANSWER_TASK_LINE[language], INSTRUCTION[language], principles, FORMAT_RULES[format][language]].join('\n\n');
  const messages: ChatMessage[] = [{ role: 'system', content: system }];
  for (const demonstration of options.demonstrations) {
    messages.push({ role: 'user', content: requestText(demonstration.context, demonstration.question) });
    messages.push({ role: 'assistant', content: formatAnswerReply(demonstration, format) });
  }
  messages.push({ role: 'user', content: requestText(options.context, options.question) });
  return messages;
}

export interface AnswerPromptDescription {
  kind: 'answer';
  context: string;
  question: string;
  language: PromptLanguage;
  demonstrationCount: number;
  format: ReplyFormat;
}

/** Reads an answer prompt back; undefined for messages that are not one. */
export function describeAnswerPrompt(messages: readonly ChatMessage[]): AnswerPromptDescription | undefined {
  const system = systemText(messages);
  const language = (['en', 'zh'] as const).find((candidate) => system.startsWith(ANSWER_TASK_LINE[candidate]));
  const user = lastUserText(messages);
  if (!language || user === undefined) return undefined;
  const sections = readSections(user, [CONTEXT_TAG, QUESTION_TAG]);
  if (!sections) return undefined;
  const [context, question] = sections as [string, string];
  const format: ReplyFormat = system.includes(FORMAT_RULES.text[language].split('\n')[0]!) ? 'text' : 'json';
  const demonstrationCount = messages.filter((message) => message.role === 'assistant').length;
  return { kind: 'answer', context, question, language, demonstrationCount, format };
}

export const AnswerReplySchema = z.object({
  reasoning: z.string().trim().optional().default(''),
  answer: z.string({ error: 'answer is missing' }).trim().min(1, 'answer is empty'),
});

export type AnswerParseResult = { ok: true; reasoning: string; answer: string } | { ok: false; reason: string };

function parseJsonReply(text: string): AnswerParseResult {
  const json = replyJsonObject(text);
  if (!json.ok) return json;
  const checked = AnswerReplySchema.safeParse(json.value);
  if (!checked.success) return { ok: false, reason: `JSON reply does not match {reasoning, answer}: ${describeZodIssues(checked.error)}` };
  return { ok: true, reasoning: checked.data.reasoning, answer: checked.data.answer };
}

const LABEL = (names: string) => String.raw`\**(?:${names})\**\s*[:：]\**`;
const TEXT_REPLY = new RegExp(
  String.raw`^(?:\s*${LABEL('Reasoning|推理|思路')}\s*([\s\S]*?)\n)?\s*${LABEL('Answer|答案|回答')}\s*([\s\S]*)$`,
  'i',
);

function parseTextReply(text: string): AnswerParseResult {
  const match = TEXT_REPLY.exec(stripCodeFence(text));
  if (!match) return { ok: false, reason: 'reply has neither a JSON object nor the lines "Reasoning:" and "Answer:"' };
  const checked = AnswerReplySchema.safeParse({ reasoning: match[1] ?? '', answer: match[2] });
  if (!checked.success) return { ok: false, reason: `text reply: ${describeZodIssues(checked.error)}` };
  return { ok: true, reasoning: checked.data.reasoning, answer: checked.data.answer };
}

/** Accepts either format whatever was asked for; an empty answer is never accepted. */
export function parseAnswerReply(text: string): AnswerParseResult {
  return parseEitherFormat<AnswerParseResult>(text, parseJsonReply, parseTextReply, { ok: false, reason: 'empty reply' });
}
