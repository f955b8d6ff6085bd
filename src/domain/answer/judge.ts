/**
 * The self-evaluation judge of self-improvement (SPEC stage 3): the same LLM says yes or no, whether
 * the predicted answer answers the question correctly given the context and the reference answer.
 * A reply that is neither yes nor no is not ok: the caller retries it, then counts it as a failure.
 */
import { z } from 'zod';
import type { ChatMessage } from '../chat';
import type { PromptLanguage, ReplyFormat } from '../cst/prompt';
import { lastUserText, readSections, replyJsonObject, stripCodeFence, systemText, tagged } from './reply';

export interface JudgePromptOptions {
  context: string;
  question: string;
  referenceAnswer: string;
  predictedAnswer: string;
  language: PromptLanguage;
  /** 'json' (the default): `{"verdict": "yes" | "no"}`; 'text': the bare word. */
  format?: ReplyFormat;
}

export type Verdict = 'yes' | 'no';

/** The first line of every judge prompt's system message. */
export const JUDGE_TASK_LINE: Record<PromptLanguage, string> = {
  en: 'Task: judge whether an answer to a question is correct.',
  zh: '任务：判断一个问题的回答是否正确。',
};

const INSTRUCTION: Record<PromptLanguage, string> = {
  en: [
    'You are given a reference context, a question, a reference answer and a predicted answer, each between tags.',
    'Decide whether the predicted answer answers the question correctly, given the context and the reference answer.',
    'It does not need the same wording as the reference answer, but it must agree with it and with the context and must not leave out what the question asks for.',
  ].join('\n'),
  zh: [
    '下面用标签分别给出参考上下文、问题、参考答案和待判断的回答。',
    '请根据上下文和参考答案，判断待判断的回答是否正确地回答了问题。',
    '措辞不必与参考答案相同，但内容必须与参考答案和上下文一致，并且不能遗漏问题所问的内容。',
  ].join('\n'),
};

/** How a yes/no verdict is to be written, per reply format; the quality judge uses the same rules. */
export const VERDICT_FORMAT_RULES: Record<ReplyFormat, Record<PromptLanguage, string>> = {
  json: {
    en: 'Reply with a JSON object {"verdict": "yes"} or {"verdict": "no"}, and nothing else.',
    zh: '只回复一个 JSON 对象 {"verdict": "yes"} 或 {"verdict": "no"}，不要输出其他内容。',
  },
  text: {
    en: 'Reply with the single word yes or no, and nothing else.',
    zh: '只回复一个词：yes 或 no，不要输出其他内容。',
  },
};

export const JUDGE_JSON_SCHEMA = {
  name: 'answer_verdict',
  schema: {
    type: 'object',
    properties: { verdict: { type: 'string', enum: ['yes', 'no'] } },
    required: ['verdict'],
    additionalProperties: false,
  },
} as const;

const TAGS = ['context', 'question', 'reference_answer', 'predicted_answer'] as const;

export function buildJudgeMessages(options: JudgePromptOptions): ChatMessage[] {
  const format = options.format ?? 'json';
  const system = [JUDGE_TASK_LINE[options.language], INSTRUCTION[options.language], VERDICT_FORMAT_RULES[format][options.language]].join('\n\n');
  const bodies = [options.context, options.question, options.referenceAnswer, options.predictedAnswer];
  const user = TAGS.map((tag, index) => tagged(tag, bodies[index]!)).join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

export interface JudgePromptDescription {
  kind: 'judge';
  context: string;
  question: string;
  referenceAnswer: string;
  predictedAnswer: string;
  language: PromptLanguage;
  format: ReplyFormat;
}

export function describeJudgePrompt(messages: readonly ChatMessage[]): JudgePromptDescription | undefined {
  const system = systemText(messages);
  const language = (['en', 'zh'] as const).find((candidate) => system.startsWith(JUDGE_TASK_LINE[candidate]));
  const user = lastUserText(messages);
  if (!language || user === undefined) return undefined;
  const sections = readSections(user, TAGS);
  if (!sections) return undefined;
  const [context, question, referenceAnswer, predictedAnswer] = sections as [string, string, string, string];
  const format: ReplyFormat = system.includes(VERDICT_FORMAT_RULES.text[language]) ? 'text' : 'json';
  return { kind: 'judge', context, question, referenceAnswer, predictedAnswer, language, format };
}

const WORDS: Record<string, Verdict> = { yes: 'yes', no: 'no', 是: 'yes', 否: 'no' };

/** "Yes.", " NO! ", "“是”", "否。" -> the verdict; anything else -> undefined. */
function bareVerdict(text: string): Verdict | undefined {
  const word = text.replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '').toLowerCase();
  return WORDS[word];
}

const JudgeReplySchema = z.object({
  verdict: z.string().transform((value, context) => {
    const verdict = bareVerdict(value);
    if (!verdict) context.addIssue({ code: 'custom', message: `expected "yes" or "no", got ${JSON.stringify(value)}` });
    return verdict ?? 'no';
  }),
});

export type JudgeParseResult = { ok: true; verdict: Verdict } | { ok: false; reason: string };

export function parseJudgeReply(text: string): JudgeParseResult {
  const body = stripCodeFence(text);
  if (body.length === 0) return { ok: false, reason: 'empty reply' };
  if (body.startsWith('{')) {
    const json = replyJsonObject(body);
    if (!json.ok) return json;
    const checked = JudgeReplySchema.safeParse(json.value);
    if (!checked.success) return { ok: false, reason: `JSON reply does not match {"verdict": "yes" | "no"}: ${checked.error.issues.map((issue) => issue.message).join('; ')}` };
    return { ok: true, verdict: checked.data.verdict };
  }
  const verdict = bareVerdict(body);
  if (verdict) return { ok: true, verdict };
  const shown = [...body].length > 80 ? `${[...body].slice(0, 80).join('')}...` : body;
  return { ok: false, reason: `reply is neither yes nor no: ${JSON.stringify(shown)}` };
}
