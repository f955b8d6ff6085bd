/**
 * The stand-in's answer to a Context-Split-Tree prompt: deterministic text manipulation, not a model.
 * - split: at the sentence boundary that best balances the two halves; a single sentence at the clause
 *   mark nearest its middle; otherwise the whole context twice (the caller's stop rule then fires);
 * - question: a template over salient words of the context, varied by the request's seed;
 * - weakened prompts (terse instruction, or at most one example) get generic or one-word questions,
 *   measurably less tied to the context, as the contrastive scorer needs.
 */
import { describeCstPrompt, type CstPromptDescription } from '../domain/cst/prompt';
import type { ChatMessage } from '../domain/chat';
import { sentenceRanges } from '../domain/text/sentences';

export interface CstSplit {
  question: string;
  context1: string;
  context2: string;
}

const STOPWORDS = new Set(
  'about above after again against also because been before being below between both could does doing down during each from further have having here into itself just more most once only other over same should some such than that their them then there these they this those through under until very were what when where which while whom with would your these every everyone when will must'.split(' '),
);

// Few fixed words and three slots filled from the node's own context, so questions about different
// sub-contexts differ as much as their contexts do (a real model's questions are not templated).
const STRONG_EN = ['How does {a} relate to {b} and {c}?', 'Why do {a} and {b} matter for {c}?', 'What links {a}, {b} and {c} here?', 'When does {a} affect {b} or {c}?'];
const STRONG_ZH = ['{a}与{b}、{c}有什么关系？', '为什么{a}和{b}对{c}很重要？', '{a}、{b}和{c}之间如何联系？', '{a}什么时候会影响{b}或{c}？'];
const WEAK_EN = ['What is this text about?', 'What is {a}?', 'Can you tell me more?', 'Is {a} mentioned?'];
const WEAK_ZH = ['这段文字讲了什么？', '{a}是什么？', '能多说一点吗？', '提到{a}了吗？'];

const wordSegmenters: Record<string, Intl.Segmenter> = {
  en: new Intl.Segmenter('en', { granularity: 'word' }),
  zh: new Intl.Segmenter('zh', { granularity: 'word' }),
};

/** Content words ranked by frequency, then by first appearance. */
export function salientWords(text: string, language: 'en' | 'zh'): string[] {
  const counts = new Map<string, { count: number; first: number }>();
  let position = 0;
  for (const segment of wordSegmenters[language]!.segment(text)) {
    if (!segment.isWordLike) continue;
    const word = language === 'en' ? segment.segment.toLowerCase() : segment.segment;
    position += 1;
    const useful = language === 'en' ? word.length >= 4 && !STOPWORDS.has(word) && !/^\d+$/.test(word) : [...word].length >= 2;
    if (!useful) continue;
    const entry = counts.get(word);
    if (entry) entry.count += 1;
    else counts.set(word, { count: 1, first: position });
  }
  return [...counts.entries()].sort(([, x], [, y]) => y.count - x.count || x.first - y.first).map(([word]) => word);
}

function fill(template: string, a: string, b: string, c: string): string {
  return template.replace('{a}', a).replace('{b}', b).replace('{c}', c);
}

function question(description: CstPromptDescription, seed: number): string {
  const language = description.language;
  const words = salientWords(description.context, language);
  const weak = description.instruction === 'terse' || description.exampleCount <= 1;
  const fallback = language === 'zh' ? ['这件事', '细节', '原因'] : ['this', 'the details', 'the reason'];
  // Three distinct words: the most salient one (varied by seed among the top few), then the next ones.
  const start = words.length === 0 ? 0 : seed % Math.min(words.length, 3);
  const picked = [...words.slice(start), ...words.slice(0, start), ...fallback].filter((word, index, all) => all.indexOf(word) === index);
  const [a, b, c] = picked as [string, string, string];
  if (weak) {
    const templates = language === 'zh' ? WEAK_ZH : WEAK_EN;
    // Weak questions name at most one word, and the rarest one rather than the most salient.
    const weakWord = words.at(-1 - (seed % Math.max(1, Math.min(words.length, 3)))) ?? a;
    return fill(templates[seed % templates.length]!, weakWord, b, c);
  }
  const templates = language === 'zh' ? STRONG_ZH : STRONG_EN;
  return fill(templates[seed % templates.length]!, a, b, c);
}

const CLAUSE_MARKS = /[,;:，；：]/gu;

/** The two halves of a context, as substrings of it. */
export function splitContext(context: string, language: 'en' | 'zh'): [string, string] {
  const sentences = sentenceRanges(context, language);
  if (sentences.length >= 2) {
    let best = 1;
    let bestGap = Infinity;
    for (let index = 1; index < sentences.length; index += 1) {
      const cut = sentences[index]![0];
      const gap = Math.abs(cut - (context.length - cut));
      if (gap < bestGap) {
        best = index;
        bestGap = gap;
      }
    }
    return [context.slice(0, sentences[best - 1]![1]).trim(), context.slice(sentences[best]![0]).trim()];
  }
  const marks = [...context.matchAll(CLAUSE_MARKS)].map((match) => match.index + 1).filter((index) => index < context.trim().length);
  if (marks.length > 0) {
    const middle = context.length / 2;
    const cut = marks.reduce((best, index) => (Math.abs(index - middle) < Math.abs(best - middle) ? index : best));
    const first = context.slice(0, cut).trim();
    const second = context.slice(cut).trim();
    if (first.length > 0 && second.length > 0) return [first, second];
  }
  return [context, context];
}

export function answerCstPrompt(messages: readonly ChatMessage[], seed: number): (CstSplit & { description: CstPromptDescription }) | undefined {
  const description = describeCstPrompt(messages);
  if (!description) return undefined;
  const [context1, context2] = splitContext(description.context, description.language);
  return { question: question(description, seed), context1, context2, description };
}

export function formatCstReply(split: CstSplit, format: 'json' | 'text'): string {
  return format === 'json'
    ? JSON.stringify({ question: split.question, context1: split.context1, context2: split.context2 })
    : `Question: ${split.question}\nContext 1: ${split.context1}\nContext 2: ${split.context2}`;
}
