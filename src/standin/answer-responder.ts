/**
 * The stand-in's replies to the prompts of SPEC stage 3: deterministic text manipulation, NOT a model.
 * - answer prompts: the context sentence that shares the most words with the question (so every
 *   answer is grounded in its context), with a one-sentence reasoning that says it quotes the context;
 * - judge prompts: "yes" when at least 30% of the predicted answer's words are in the reference answer
 *   or in the context sentence the reference answer draws on, else "no";
 * - critique prompts: faithful when most (60%) of the answer's words occur in the context; otherwise
 *   the revised answer is the context sentence that best matches the question.
 * - quality-judge prompts (`augcon eval --judge`): answerable when at least half of the question's
 *   words occur in the context; faithful by the critique's rule (60% of the answer's words).
 * Replies follow the format the prompt asks for (JSON or text), so the real parsers read them.
 */
import { describeAnswerPrompt, formatAnswerReply } from '../domain/answer/prompt';
import { describeCritiquePrompt } from '../domain/answer/critique';
import { describeJudgePrompt } from '../domain/answer/judge';
import { describeQualityJudgePrompt } from '../domain/judge/quality-judge';
import type { PromptLanguage } from '../domain/cst/prompt';
import { splitSentences } from '../domain/text/sentences';
import type { ChatMessage } from '../domain/chat';

/** Share of the predicted answer's words the judge needs to find in the reference (or its sentence). */
export const JUDGE_OVERLAP = 0.3;
/** Share of the answer's words that must occur in the context for the critique to call it faithful. */
export const FAITHFUL_OVERLAP = 0.6;
/** Share of the question's words that must occur in the context for the quality judge to call it answerable. */
export const ANSWERABLE_OVERLAP = 0.5;

const ENGLISH_STOPWORDS = new Set(
  'a an the and or but of to in on at by for with from into onto about as is are was were be been being it its this that these those they them their there then than what which who whom whose why how when where does did do done has have had not no can could would should will shall may might must also each more most some such only very you your our we us he she his her him i me my so if'.split(' '),
);
const CHINESE_STOPWORDS = new Set(
  '的 了 是 在 和 与 及 也 就 都 而 或 这 那 这个 那个 这些 那些 什么 为什么 怎么 怎样 如何 哪些 哪个 吗 呢 吧 啊 有 没有 会 能 可以 被 把 对 从 向 让 给 中 里 上 下 个 一 其 之 为 得 地 着 过'.split(' '),
);

const wordSegmenters: Record<PromptLanguage, Intl.Segmenter> = {
  en: new Intl.Segmenter('en', { granularity: 'word' }),
  zh: new Intl.Segmenter('zh', { granularity: 'word' }),
};

/** The distinct content words of a text: word-like segments, lower-cased, stop words dropped. */
export function contentWords(text: string, language: PromptLanguage): Set<string> {
  const words = new Set<string>();
  for (const segment of wordSegmenters[language].segment(text)) {
    if (!segment.isWordLike) continue;
    const word = segment.segment.toLowerCase();
    if ((language === 'en' ? ENGLISH_STOPWORDS : CHINESE_STOPWORDS).has(word)) continue;
    words.add(word);
  }
  return words;
}

/** The share of `words` found in `other`; 0 for no words. */
function overlap(words: ReadonlySet<string>, other: ReadonlySet<string>): number {
  if (words.size === 0) return 0;
  let shared = 0;
  for (const word of words) if (other.has(word)) shared += 1;
  return shared / words.size;
}

/** The sentence of `context` sharing the most words with `text`; the earliest on a tie; the whole context if it has no sentence. */
export function bestSentence(context: string, text: string, language: PromptLanguage): string {
  const wanted = contentWords(text, language);
  let best: { sentence: string; shared: number } | undefined;
  for (const sentence of splitSentences(context, language)) {
    const words = contentWords(sentence, language);
    let shared = 0;
    for (const word of wanted) if (words.has(word)) shared += 1;
    if (!best || shared > best.shared) best = { sentence, shared };
  }
  return best?.sentence ?? context.trim();
}

const REASONING: Record<PromptLanguage, readonly string[]> = {
  en: [
    'The context has a sentence that answers the question directly, so I quote that sentence from the context.',
    'I looked for the sentence of the context that shares the most words with the question and quote it as the answer.',
  ],
  zh: ['上下文中有一句话直接回答了这个问题，所以我引用上下文中的这句话。', '我找出上下文中与问题用词重合最多的一句话，引用它作为回答。'],
};

function answerReply(messages: readonly ChatMessage[], seed: number): string | undefined {
  const prompt = describeAnswerPrompt(messages);
  if (!prompt) return undefined;
  const reasonings = REASONING[prompt.language];
  const reasoning = reasonings[Math.abs(seed) % reasonings.length]!;
  return formatAnswerReply({ reasoning, answer: bestSentence(prompt.context, prompt.question, prompt.language) }, prompt.format);
}

function judgeReply(messages: readonly ChatMessage[]): string | undefined {
  const prompt = describeJudgePrompt(messages);
  if (!prompt) return undefined;
  const predicted = contentWords(prompt.predictedAnswer, prompt.language);
  const reference = contentWords(prompt.referenceAnswer, prompt.language);
  const referenceSentence = contentWords(bestSentence(prompt.context, prompt.referenceAnswer, prompt.language), prompt.language);
  const verdict = Math.max(overlap(predicted, reference), overlap(predicted, referenceSentence)) >= JUDGE_OVERLAP ? 'yes' : 'no';
  return prompt.format === 'json' ? JSON.stringify({ verdict }) : verdict;
}

function critiqueReply(messages: readonly ChatMessage[]): string | undefined {
  const prompt = describeCritiquePrompt(messages);
  if (!prompt) return undefined;
  const answerWords = contentWords(prompt.answer, prompt.language);
  const contextWords = contentWords(prompt.context, prompt.language);
  // An answer without content words ("Yes.") claims nothing the context could contradict.
  if (answerWords.size === 0 || overlap(answerWords, contextWords) >= FAITHFUL_OVERLAP) {
    return JSON.stringify({ faithful: true, problems: '', revisedAnswer: prompt.answer });
  }
  const missing = [...answerWords].filter((word) => !contextWords.has(word));
  const problems =
    prompt.language === 'zh' ? `回答中的这些词在上下文中找不到：${missing.join('、')}。` : `These words of the answer are not in the context: ${missing.join(', ')}.`;
  return JSON.stringify({ faithful: false, problems, revisedAnswer: bestSentence(prompt.context, prompt.question, prompt.language) });
}

function qualityJudgeReply(messages: readonly ChatMessage[]): string | undefined {
  const prompt = describeQualityJudgePrompt(messages);
  if (!prompt) return undefined;
  const contextWords = contentWords(prompt.context, prompt.language);
  const judged = prompt.criterion === 'answerability' ? prompt.question : (prompt.answer ?? '');
  const words = contentWords(judged, prompt.language);
  const needed = prompt.criterion === 'answerability' ? ANSWERABLE_OVERLAP : FAITHFUL_OVERLAP;
  const verdict = words.size > 0 && overlap(words, contextWords) >= needed ? 'yes' : 'no';
  return prompt.format === 'json' ? JSON.stringify({ verdict }) : verdict;
}

export type StandinAnswerKind = 'answer' | 'judge' | 'critique';

/** Which stage 3 prompt the messages are, if any (for the call log). */
export function standinAnswerKind(messages: readonly ChatMessage[]): StandinAnswerKind | undefined {
  if (describeAnswerPrompt(messages)) return 'answer';
  if (describeJudgePrompt(messages) || describeQualityJudgePrompt(messages)) return 'judge';
  if (describeCritiquePrompt(messages)) return 'critique';
  return undefined;
}

/** The stand-in's reply to an answer, judge, quality-judge or critique prompt; undefined for any other messages. */
export function answerStandinReply(messages: readonly ChatMessage[], seed: number): string | undefined {
  return answerReply(messages, seed) ?? judgeReply(messages) ?? qualityJudgeReply(messages) ?? critiqueReply(messages);
}
