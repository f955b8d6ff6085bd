import { contentWords, isStopWord, namesIn, normalizeNumber, numbersIn } from './content-words';

describe('contentWords', () => {
  it('drops English function words and keeps numbers', () => {
    // tokens: the labor party won 1,200 seats in 2019; "the" and "in" are stop words.
    expect(contentWords('The Labor party won 1,200 seats in 2019.', 'en')).toEqual(['labor', 'party', 'won', '1,200', 'seats', '2019']);
  });
  it('drops Chinese particles, function and question words', () => {
    // ICU: 工党|在|2019|年|赢得|了|1,200|个|席位; 在, 了, 个 are stop words.
    expect(contentWords('工党在2019年赢得了1,200个席位。', 'zh')).toEqual(['工党', '2019', '年', '赢得', '1,200', '席位']);
    // 上海|的|人口|是|多少: 的, 是, 多少 are stop words.
    expect(contentWords('上海的人口是多少？', 'zh')).toEqual(['上海', '人口']);
  });
  it('treats curly and straight apostrophes alike', () => {
    expect(isStopWord('Don’t')).toBe(true);
    expect(contentWords('Don’t stop', 'en')).toEqual(['stop']);
  });
});

describe('numbersIn', () => {
  it('normalises thousands separators and trailing decimal zeros', () => {
    // 1,200.50 → 1200.5; 3.0 → 3; "2019." ends a sentence, so its dot is no decimal point.
    expect(numbersIn('It cost 1,200.50 dollars, up 3.0% from 900 in 2019.')).toEqual(['1200.5', '3', '900', '2019']);
  });
  it('reads full-width digits in Chinese text and keeps list commas apart', () => {
    expect(numbersIn('增长了３.５％，达到1,200元')).toEqual(['3.5', '1200']);
    // "1,2,3" has no group of three digits after a comma: three numbers.
    expect(numbersIn('第1,2,3条')).toEqual(['1', '2', '3']);
  });
  it('normalizeNumber keeps integers as they are', () => {
    expect(normalizeNumber('007')).toBe('007');
    expect(normalizeNumber('2.0')).toBe('2');
  });
});

describe('namesIn', () => {
  it('finds capitalised words that do not start a sentence', () => {
    // Sentence 1: The (opens it), Labor, National. Sentence 2: Then (opens it), Labor (again), I (pronoun).
    expect(namesIn('The Labor party and the National party met. Then Labor won, I think.', 'en')).toEqual(['Labor', 'National']);
    // "The" is a stop word even when capitalised mid-sentence.
    expect(namesIn('They visited The Hague.', 'en')).toEqual(['Hague']);
  });
  it('returns nothing for Chinese', () => {
    expect(namesIn('工党在北京赢得了选举。', 'zh')).toEqual([]);
  });
});
