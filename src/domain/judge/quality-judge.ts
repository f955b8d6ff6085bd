/**
 * The LLM judge of `augcon eval --judge`: two yes/no questions about a kept pair, each asked of the
 * judge model on its own.
 * - answerability: can the question be answered from its context alone?
 * - faithfulness: is everything the answer states supported by the context?
 * Replies are the yes/no verdicts of the self-improvement judge (same JSON schema, same parser), so a
 * reply that is neither yes nor no is retried with a fresh sample and then counted as unjudged.
 * Pure: the activity calls the LLM; the stand-in reads the prompts back with describeQualityJudgePrompt.
 */
import type { ChatMessage } from '../chat';
import { JUDGE_JSON_SCHEMA, parseJudgeReply, VERDICT_FORMAT_RULES, type JudgeParseResult } from '../answer/judge';
import { lastUserText, readSections, systemText, tagged } from '../answer/reply';
import type { PromptLanguage, ReplyFormat } from '../cst/prompt';

export type QualityJudgeCriterion = 'answerability' | 'faithfulness';

export const QUALITY_JUDGE_CRITERIA: readonly QualityJudgeCriterion[] = ['answerability', 'faithfulness'];

/** The first line of each judge prompt's system message (the stand-in recognises prompts by it). */
export const QUALITY_JUDGE_TASK_LINE: Record<QualityJudgeCriterion, Record<PromptLanguage, string>> = {
  answerability: {
    en: 'Task: judge whether a question can be answered from a context alone.',
    zh: '任务：判断一个问题能否仅凭给定的上下文回答。',
  },
  faithfulness: {
    en: 'Task: judge whether an answer is faithful to a context.',
    zh: '任务：判断一个回答是否忠实于给定的上下文。',
  },
};

const INSTRUCTION: Record<QualityJudgeCriterion, Record<PromptLanguage, string>> = {
  answerability: {
    en: 'You are given a context and a question between tags. Say yes if the context contains what is needed to answer the question, and no if it does not, if the question is not a question, or if it asks about something the context never mentions.',
    zh: '下面用标签给出上下文和问题。如果上下文包含回答该问题所需的信息，回答 yes；如果没有、问题并不是问题、或者它问的是上下文从未提到的内容，回答 no。',
  },
  faithfulness: {
    en: 'You are given a context, a question and an answer between tags. Say yes if everything the answer states is supported by the context, and no if the answer adds, changes or contradicts anything.',
    zh: '下面用标签给出上下文、问题和回答。如果回答所说的一切都有上下文的支持，回答 yes；如果回答添加、改变或违背了任何内容，回答 no。',
  },
};

const TAGS: Record<QualityJudgeCriterion, readonly string[]> = {
  answerability: ['context', 'question'],
  faithfulness: ['context', 'question', 'answer'],
};

export interface QualityJudgePromptOptions {
  criterion: QualityJudgeCriterion;
  context: string;
  question: string;
  /** Required for faithfulness. */
  answer?: string;
  language: PromptLanguage;
  format?: ReplyFormat;
}

export const QUALITY_JUDGE_JSON_SCHEMA = JUDGE_JSON_SCHEMA;

export function buildQualityJudgeMessages(options: QualityJudgePromptOptions): ChatMessage[] {
  const { criterion, language } = options;
  const format = options.format ?? 'json';
  const system = [QUALITY_JUDGE_TASK_LINE[criterion][language], INSTRUCTION[criterion][language], VERDICT_FORMAT_RULES[format][language]].join('\n\n');
  const bodies = [options.context, options.question, options.answer ?? ''];
  const user = TAGS[criterion].map((tag, index) => tagged(tag, bodies[index]!)).join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

export interface QualityJudgePromptDescription {
  criterion: QualityJudgeCriterion;
  context: string;
  question: string;
  answer?: string;
  language: PromptLanguage;
  format: ReplyFormat;
}

/** Reads a judge prompt back (for the stand-in); undefined for any other prompt. */
export function describeQualityJudgePrompt(messages: readonly ChatMessage[]): QualityJudgePromptDescription | undefined {
  const system = systemText(messages);
  for (const criterion of QUALITY_JUDGE_CRITERIA) {
    const language = (['en', 'zh'] as const).find((candidate) => system.startsWith(QUALITY_JUDGE_TASK_LINE[criterion][candidate]));
    if (!language) continue;
    const user = lastUserText(messages);
    const sections = user === undefined ? undefined : readSections(user, TAGS[criterion]);
    if (!sections) return undefined;
    const format: ReplyFormat = system.includes(VERDICT_FORMAT_RULES.text[language]) ? 'text' : 'json';
    return { criterion, context: sections[0]!, question: sections[1]!, ...(sections[2] === undefined ? {} : { answer: sections[2] }), language, format };
  }
  return undefined;
}

export const parseQualityJudgeReply = (text: string): JudgeParseResult => parseJudgeReply(text);
