/**
 * Content words, numbers and names of a text: the vocabulary the grounding and invented-content
 * measures compare. Content words are the ROUGE word tokens (Intl.Segmenter, lower-cased) minus a
 * small stop list of English function words and Chinese function words/particles/question words,
 * and minus tokens without a letter or digit. Both stop lists apply in every locale (they cannot
 * collide: one is Latin, one is Han); the locale only picks the segmenter. Numbers are kept as
 * content words. Chinese numerals (三百) are not recognised as numbers.
 */
import { wordTokens } from '../rouge/tokenize';

export type QualityLocale = 'en' | 'zh';

const ENGLISH_STOP_WORDS = new Set(
  (
    'a an the and or but nor so yet if then else than that this these those there here it its itself ' +
    'i me my mine myself we us our ours you your yours he him his she her hers they them their theirs ' +
    'what which who whom whose when where why how whether is are was were be been being am ' +
    'do does did done doing have has had having can could will would shall should may might must ' +
    'to of in on at by for with from into onto over under about above below between among through ' +
    'during before after since until up down out off as not no yes also too very just only such ' +
    'each every any all some both either neither other another more most much many few less least ' +
    "own same one's don't doesn't didn't isn't aren't wasn't weren't can't cannot couldn't won't " +
    "wouldn't shouldn't hasn't haven't hadn't it's that's there's what's let's i'm you're we're they're he's she's"
  ).split(' '),
);

const CHINESE_STOP_WORDS = new Set(
  (
    '的 了 是 在 和 与 及 或 吗 呢 吧 啊 呀 嘛 么 哪 谁 何 几 这 那 其 之 也 都 就 而 被 把 对 从 向 于 以 由 为 ' +
    '着 过 地 得 中 有 个 种 又 还 将 所 让 给 跟 并 但 我 你 他 她 它 我们 你们 他们 她们 它们 请 ' +
    '什么 哪个 哪些 哪里 哪儿 如何 为什么 为何 怎么 怎样 怎么样 多少 是否 是不是 有没有 没有 ' +
    '这个 那个 这些 那些 这里 那里 因为 所以 但是 而且 或者 以及 如果 虽然 可以 能够 已经 一个 一些 关于 对于 根据'
  ).split(' '),
);

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Curly apostrophes as straight ones, so "don’t" and "don't" are one word. */
export function normalizeApostrophes(token: string): string {
  return token.replace(/[\u2018\u2019\u02bc]/gu, "'");
}

export function isStopWord(token: string): boolean {
  const normalized = normalizeApostrophes(token.toLocaleLowerCase());
  return ENGLISH_STOP_WORDS.has(normalized) || CHINESE_STOP_WORDS.has(normalized);
}

/** Keeps the tokens that carry content; `tokens` are word tokens as `wordTokens` gives them. */
export function contentWordsOf(tokens: readonly string[]): string[] {
  return tokens.map(normalizeApostrophes).filter((token) => LETTER_OR_DIGIT.test(token) && !isStopWord(token));
}

export function contentWords(text: string, locale: QualityLocale): string[] {
  return contentWordsOf(wordTokens(text, locale));
}

/** "1,200" → "1200", "3.50" → "3.5", "2.0" → "2"; full-width digits as ASCII ones. */
export function normalizeNumber(number: string): string {
  const ascii = number.replace(/[\uff10-\uff19]/gu, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xff10 + 48));
  const [whole = '', fraction] = ascii.replace(/,/gu, '').split('.');
  const trimmed = fraction?.replace(/0+$/u, '') ?? '';
  return trimmed ? `${whole}.${trimmed}` : whole;
}

/** Thousands groups (1,200,000) or plain digit runs, each with an optional decimal part. */
const NUMBER = /[0-9０-９]{1,3}(?:,[0-9０-９]{3})+(?:\.[0-9０-９]+)?|[0-9０-９]+(?:\.[0-9０-９]+)?/gu;

/** Digit sequences of a text, normalised, in order of appearance, duplicates kept. */
export function numbersIn(text: string): string[] {
  return [...text.matchAll(NUMBER)].map((match) => normalizeNumber(match[0]));
}

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const englishWords = new Intl.Segmenter('en', { granularity: 'word' });
const CAPITALISED = /^\p{Lu}/u;

/**
 * English names: capitalised words that do not open a sentence ("Labor", "National"), in order,
 * each once, original case. "I" and capitalised stop words ("The" in "The Hague") are not names;
 * a multi-word name gives one entry per word. Chinese has no capitals: always [].
 */
export function namesIn(text: string, locale: QualityLocale): string[] {
  if (locale === 'zh') return [];
  const names = new Set<string>();
  for (const { segment: sentence } of sentenceSegmenter.segment(text)) {
    let first = true;
    for (const { segment, isWordLike } of englishWords.segment(sentence)) {
      if (!isWordLike) continue;
      if (!first && CAPITALISED.test(segment) && segment !== 'I' && !isStopWord(segment)) names.add(normalizeApostrophes(segment));
      first = false;
    }
  }
  return [...names];
}
