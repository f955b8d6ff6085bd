/**
 * The form of a generated question: 'wh' (asks what/who/why..., 什么/谁/为什么...), 'yes-no',
 * 'other-question' (marked as a question but neither), or 'not-a-question' (a statement or an
 * instruction such as "Explain why ..."). The rules follow the question's own script (CJK → Chinese
 * rules, Latin → English rules) and fall back to the locale, so a language mismatch is not counted
 * twice.
 *
 * English, in order: starts with a wh-word → wh; starts with an auxiliary and ends with "?" → yes-no;
 * ends with "?" and has a wh-word anywhere ("In which year...?") → wh; ends with "?" → other;
 * starts with an auxiliary without "?" → other; else not-a-question.
 * Chinese, in order: ends with 吗/嘛 → yes-no (an embedded 谁 in 你知道他是谁吗 does not make it wh);
 * contains 什么/哪/谁/何/怎么/怎样/如何/为什么/为何/多少/几 (not inside 任何/几乎/几何/何况/无论如何) → wh;
 * ends with 么 (not 什么/怎么/这么/那么/多么) or contains 是否/是不是/有没有/能不能/会不会/可不可以 → yes-no;
 * ends with ？/? or 呢 → other; else not-a-question.
 */
import { wordTokens } from '../rouge/tokenize';
import { normalizeApostrophes, type QualityLocale } from './content-words';
import { dominantScript } from './language';

export type QuestionForm = 'wh' | 'yes-no' | 'other-question' | 'not-a-question';

const WH_WORDS = new Set(['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how']);
const AUXILIARIES = new Set(
  (
    'is are was were am do does did can could will would shall should has have had may might must ' +
    "isn't aren't wasn't weren't don't doesn't didn't can't couldn't won't wouldn't shouldn't hasn't haven't hadn't"
  ).split(' '),
);

/** Ends with ? or ？, perhaps followed by closing quotes or brackets. */
const ENDS_WITH_QUESTION_MARK = /[?？][\s"'”’»」』)）\]]*$/u;
const TRAILING_CLOSERS = /[\s"'”’»」』)）\]。.!！]+$/u;

/** Word tokens of an English question; callers with a cache pass their own. */
export type EnglishTokenizer = (text: string) => readonly string[];

const englishTokens: EnglishTokenizer = (text) => wordTokens(text, 'en');

function englishForm(question: string, tokenize: EnglishTokenizer): QuestionForm {
  const tokens = tokenize(question).map(normalizeApostrophes);
  const first = tokens[0] ?? '';
  const marked = ENDS_WITH_QUESTION_MARK.test(question);
  if (WH_WORDS.has(first)) return 'wh';
  if (AUXILIARIES.has(first)) return marked ? 'yes-no' : 'other-question';
  if (!marked) return 'not-a-question';
  return tokens.some((token) => WH_WORDS.has(token)) ? 'wh' : 'other-question';
}

const CHINESE_NOT_WH = /任何|几乎|几何|何况|无论如何/gu;
const CHINESE_WH = /什么|哪|谁|何|怎么|怎样|如何|为什么|为何|多少|几/u;
const CHINESE_YES_NO = /是否|是不是|有没有|能不能|会不会|可不可以/u;

function chineseForm(question: string): QuestionForm {
  const marked = ENDS_WITH_QUESTION_MARK.test(question);
  const core = question.replace(/[？?]/gu, '').replace(TRAILING_CLOSERS, '');
  if (/[吗嘛]$/u.test(core)) return 'yes-no';
  if (CHINESE_WH.test(core.replace(CHINESE_NOT_WH, ''))) return 'wh';
  if (/(?<![什怎这那多])么$/u.test(core) || CHINESE_YES_NO.test(core)) return 'yes-no';
  return marked || core.endsWith('呢') ? 'other-question' : 'not-a-question';
}

export function questionForm(question: string, locale: QualityLocale, tokenize: EnglishTokenizer = englishTokens): QuestionForm {
  const script = dominantScript(question);
  const rules = script === 'cjk' ? 'zh' : script === 'latin' ? 'en' : locale;
  return rules === 'zh' ? chineseForm(question.trim()) : englishForm(question, tokenize);
}

export function isQuestion(question: string, locale: QualityLocale): boolean {
  return questionForm(question, locale) !== 'not-a-question';
}
