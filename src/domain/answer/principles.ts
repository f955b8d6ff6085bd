/**
 * Answering principles (SPEC stage 3): the authors' three, restated in this project's own words, in
 * English and Chinese. Users may add principles or replace the defaults; the answer and critique
 * prompts number them in the order returned here.
 */
import type { PromptLanguage } from '../cst/prompt';

const ENGLISH: readonly string[] = [
  'Be accurate: answer from the reference context only, state nothing it does not support, and get no fact, name or number wrong.',
  'Sound like a knowledgeable person: answer naturally and directly, in complete sentences, as someone who knows the subject would, without mentioning "the context" or "the passage".',
  'Stay ethical: never give an answer that is harmful, hateful or dishonest; if the question asks for that, decline politely.',
];

const CHINESE: readonly string[] = [
  '准确：只依据参考上下文作答，不说上下文不支持的内容，事实、名称和数字都不能出错。',
  '像行家一样回答：自然、直接、语句完整，就像熟悉这个领域的人在回答，不要提到“上下文”或“这段文字”。',
  '守住伦理：绝不给出有害、歧视或不诚实的回答；如果问题要求这样的内容，应礼貌地拒绝。',
];

export function defaultPrinciples(language: PromptLanguage): readonly string[] {
  return language === 'zh' ? CHINESE : ENGLISH;
}

export interface PrincipleOptions {
  language: PromptLanguage;
  /** Added after the base principles. */
  extra?: readonly string[];
  /** Replaces the default principles (extra ones are still added after these). */
  replace?: readonly string[];
}

/**
 * The principles a prompt shows: `replace` (or the defaults for the language), then `extra`.
 * Each is trimmed; empty ones and exact repeats are dropped, so a user who copies a default into
 * `extra` does not see it twice.
 */
export function resolvePrinciples(options: PrincipleOptions): string[] {
  const base = options.replace ?? defaultPrinciples(options.language);
  const all = [...base, ...(options.extra ?? [])].map((principle) => principle.trim()).filter((principle) => principle.length > 0);
  return all.filter((principle, index) => all.indexOf(principle) === index);
}
