import { codePointLength } from './length';
import { buildRootContexts, normalizeParagraphs } from './roots';
import { detectScript } from './script';
import { cutLongSentence, splitSentences } from './sentences';

const english = (sentences: number) =>
  Array.from({ length: sentences }, (_, index) => `Sentence number ${index} talks about the harbour, the boats and the weather.`).join(' ');

describe('sentences', () => {
  it('splits English and Chinese sentences with Intl.Segmenter', () => {
    expect(splitSentences('One fish. Two fish! Red fish?', 'en')).toEqual(['One fish.', 'Two fish!', 'Red fish?']);
    expect(splitSentences('今天下雨。明天晴天！后天呢？', 'zh')).toEqual(['今天下雨。', '明天晴天！', '后天呢？']);
  });
  it('cuts an over-long sentence at a clause, else a word boundary, never exceeding the limit', () => {
    expect(cutLongSentence('alpha beta gamma, delta epsilon zeta eta theta', 20, 'en')).toEqual(['alpha beta gamma,', 'delta epsilon zeta', 'eta theta']);
    const unbroken = 'x'.repeat(25);
    expect(cutLongSentence(unbroken, 10, 'en')).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    const pieces = cutLongSentence('😀'.repeat(15), 10, 'en');
    expect(pieces.map(codePointLength)).toEqual([10, 5]);
  });
});

describe('detectScript', () => {
  it('calls a mostly Chinese text cjk and an English one latin', () => {
    expect(detectScript('小镇图书馆在2019年搬进了旧火车站 (station)。')).toBe('cjk');
    expect(detectScript('The library moved (图书馆).')).toBe('latin');
  });
});

describe('normalizeParagraphs', () => {
  it('splits at blank lines and joins hard-wrapped lines', () => {
    expect(normalizeParagraphs('first line\nwrapped here\n\n\nsecond\n  \nthird')).toEqual(['first line wrapped here', 'second', 'third']);
    expect(normalizeParagraphs('中文第一行\n第二行')).toEqual(['中文第一行第二行']);
  });
});

describe('buildRootContexts', () => {
  it('packs whole sentences up to the scaled limit, never empty, with offsets that map back', () => {
    const text = `${english(20)}\n\n${english(15)}`;
    const built = buildRootContexts(text, { rootMaxChars: 100, minParagraphChars: 0, latinScale: 3 });
    expect(built.script).toBe('latin');
    expect(built.lengthScale).toBe(3);
    expect(built.roots.length).toBeGreaterThan(5);
    const points = [...built.normalizedText];
    for (const root of built.roots) {
      expect(root.chars).toBeGreaterThan(0);
      expect(root.chars).toBeLessThanOrEqual(300);
      expect(points.slice(root.startOffset, root.endOffset).join('')).toBe(root.text);
      expect(root.text.endsWith('.')).toBe(true); // whole sentences only
    }
  });

  it('uses the unscaled limit for Chinese and counts code points', () => {
    const sentence = '共享单车每天早上都会被重新调配到地铁站附近。';
    const built = buildRootContexts(sentence.repeat(30), { rootMaxChars: 100, minParagraphChars: 0, latinScale: 3 });
    expect(built.script).toBe('cjk');
    expect(built.roots.every((root) => root.chars <= 100 && root.chars > 0)).toBe(true);
    expect(built.roots[0]!.chars).toBe(Math.floor(100 / codePointLength(sentence)) * codePointLength(sentence));
  });

  it('cuts a single line of megabytes into bounded roots', () => {
    const line = 'word '.repeat(600_000);
    const built = buildRootContexts(line, { rootMaxChars: 500, minParagraphChars: 0, latinScale: 3 });
    expect(built.roots.length).toBeGreaterThan(1500);
    expect(Math.max(...built.roots.map((root) => root.chars))).toBeLessThanOrEqual(1500);
  });

  it('drops and counts short paragraphs when asked to, never packing across them', () => {
    const built = buildRootContexts(`Title\n\n${english(2)}\n\nShort one.\n\n${english(2)}`, { rootMaxChars: 1000, minParagraphChars: 10, latinScale: 3 });
    expect(built.droppedParagraphs).toBe(2);
    expect(built.roots).toHaveLength(2);
    expect(built.roots.some((root) => root.text.includes('Short one'))).toBe(false);
  });

  it('yields no root for a text without content', () => {
    expect(buildRootContexts('  \n\n  ').roots).toEqual([]);
  });
});
