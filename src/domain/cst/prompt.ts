/**
 * Context-Split-Tree prompts (SPEC stage 1). One call per tree node: the model writes one question
 * about the whole context and splits the context into two coherent sub-contexts.
 *
 * The prompt is a system message (instruction + few-shot examples) and a user message holding the
 * node's context between <context> tags. `describeCstPrompt` reads a prompt back; the stand-in server
 * uses it, so the two stay in step.
 */
import type { ChatMessage } from '../chat';
import { defaultCstExamples, type CstExample } from './examples';

export type PromptLanguage = 'en' | 'zh';
/** 'json': reply follows CST_JSON_SCHEMA; 'text': reply uses the authors' "Question: / Context 1: / Context 2:" lines. */
export type ReplyFormat = 'json' | 'text';
/** The full prompt, or one of the weakened variants used for contrastive negatives (SPEC stage 2). */
export type InstructionStrength = 'full' | 'terse';

export interface CstPromptOptions {
  context: string;
  language: PromptLanguage;
  format: ReplyFormat;
  instruction?: InstructionStrength;
  /** Examples to show; defaults to the project's examples for the language. */
  examples?: readonly CstExample[];
  /** A user-supplied instruction that replaces the default full instruction. */
  customInstruction?: string;
}

const FULL_INSTRUCTION: Record<PromptLanguage, string> = {
  en: [
    'You help build question-answer training data from a document.',
    'You are given a passage between <context> tags. Do two things:',
    '1. Write ONE question about the passage as a whole: a question a curious reader would really ask,',
    '   that the passage alone fully answers, and that needs the whole passage rather than one detail of it.',
    '2. Split the passage by meaning into exactly two parts, Context 1 and Context 2. Together they must',
    '   cover all of the passage. Keep the original wording; only rewrite lightly (for example, replace a',
    '   pronoun by the name it stands for) so that each part reads on its own.',
    'Write the question in the language of the passage.',
  ].join('\n'),
  zh: [
    '你的任务是根据文档构造问答训练数据。',
    '下面 <context> 标签之间是一段文字。请完成两件事：',
    '1. 针对整段文字提出一个问题：这个问题应当是真实读者会关心的，只凭这段文字就能完整回答，',
    '   并且需要整段文字而不是其中某个细节才能回答。',
    '2. 按照语义把这段文字分成两部分（上下文1 和 上下文2），两部分合起来要覆盖全部内容。尽量保留原文，',
    '   只做轻微改写（例如把代词换成所指的名称），使每一部分都能独立阅读。',
    '问题使用与原文相同的语言。',
  ].join('\n'),
};

const TERSE_INSTRUCTION: Record<PromptLanguage, string> = {
  en: 'Ask a question about the text and split it in two.',
  zh: '就这段文字提一个问题，并把它分成两段。',
};

const FORMAT_RULES: Record<ReplyFormat, Record<PromptLanguage, string>> = {
  json: {
    en: 'Reply with a JSON object with the string fields "question", "context1" and "context2", and nothing else.',
    zh: '只回复一个 JSON 对象，包含字符串字段 "question"、"context1" 和 "context2"，不要输出其他内容。',
  },
  text: {
    en: 'Reply in exactly this form, with nothing before or after:\nQuestion: <question>\nContext 1: <first part>\nContext 2: <second part>',
    zh: '严格按以下格式回复，前后不要有其他内容：\nQuestion: <问题>\nContext 1: <第一部分>\nContext 2: <第二部分>',
  },
};

/** JSON schema for the reply when the endpoint supports structured output. */
export const CST_JSON_SCHEMA = {
  name: 'context_split',
  schema: {
    type: 'object',
    properties: {
      question: { type: 'string' },
      context1: { type: 'string' },
      context2: { type: 'string' },
    },
    required: ['question', 'context1', 'context2'],
    additionalProperties: false,
  },
} as const;

const EXAMPLE_OPEN = '<example>';
const EXAMPLE_CLOSE = '</example>';
const CONTEXT_OPEN = '<context>';
const CONTEXT_CLOSE = '</context>';

function renderExample(example: CstExample, format: ReplyFormat): string {
  const reply =
    format === 'json'
      ? JSON.stringify({ question: example.question, context1: example.context1, context2: example.context2 })
      : `Question: ${example.question}\nContext 1: ${example.context1}\nContext 2: ${example.context2}`;
  return `${EXAMPLE_OPEN}\nPassage:\n${example.context}\nReply:\n${reply}\n${EXAMPLE_CLOSE}`;
}

export function buildCstMessages(options: CstPromptOptions): ChatMessage[] {
  const strength = options.instruction ?? 'full';
  const instruction =
    strength === 'terse' ? TERSE_INSTRUCTION[options.language] : (options.customInstruction ?? FULL_INSTRUCTION[options.language]);
  const examples = options.examples ?? defaultCstExamples(options.language);
  const system = [
    instruction,
    FORMAT_RULES[options.format][options.language],
    ...examples.map((example) => renderExample(example, options.format)),
  ].join('\n\n');
  const user = `${CONTEXT_OPEN}\n${options.context}\n${CONTEXT_CLOSE}`;
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

export interface CstPromptDescription {
  context: string;
  instruction: InstructionStrength | 'custom';
  exampleCount: number;
  format: ReplyFormat;
  language: PromptLanguage;
}

/**
 * Reads a CST prompt back: the context of its last user message and what kind of prompt it is.
 * Returns undefined for messages that are not a CST prompt.
 */
export function describeCstPrompt(messages: readonly ChatMessage[]): CstPromptDescription | undefined {
  const user = [...messages].reverse().find((message) => message.role === 'user');
  const system = messages.find((message) => message.role === 'system')?.content ?? '';
  if (!user) return undefined;
  const start = user.content.lastIndexOf(CONTEXT_OPEN);
  const end = user.content.lastIndexOf(CONTEXT_CLOSE);
  if (start < 0 || end < start) return undefined;
  const context = user.content.slice(start + CONTEXT_OPEN.length, end).replace(/^\n/, '').replace(/\n$/, '');
  const language: PromptLanguage = system.includes(FULL_INSTRUCTION.zh.slice(0, 8)) || system.includes(TERSE_INSTRUCTION.zh) ? 'zh' : 'en';
  const instruction: CstPromptDescription['instruction'] = system.startsWith(TERSE_INSTRUCTION[language])
    ? 'terse'
    : system.startsWith(FULL_INSTRUCTION[language])
      ? 'full'
      : 'custom';
  const format: ReplyFormat = system.includes(FORMAT_RULES.text[language].slice(0, 20)) ? 'text' : 'json';
  const exampleCount = system.split(EXAMPLE_OPEN).length - 1;
  return { context, instruction, exampleCount, format, language };
}
