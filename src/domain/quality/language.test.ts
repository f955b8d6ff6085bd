import { cjkLetterShare, dominantScript, languageMatches } from './language';

describe('dominantScript', () => {
  it('names the script most letters are in', () => {
    expect(dominantScript('北京是中国的首都')).toBe('cjk');
    expect(dominantScript('The capital of China')).toBe('latin');
    expect(dominantScript('Столица России')).toBe('other');
    expect(dominantScript('2019?')).toBe('other'); // no letters
  });
  it('calls a text cjk above 30% CJK letters', () => {
    // 小镇图书馆 (5 CJK) + library (7 Latin): 5/12 = 0.42 > 0.3.
    expect(dominantScript('小镇图书馆 library')).toBe('cjk');
    // The library opened (16 Latin) + 图书馆 (3 CJK): 3/19 = 0.16.
    expect(dominantScript('The library (图书馆) opened')).toBe('latin');
  });
  it('cjkLetterShare counts letters only', () => {
    // a b 图 书: 2 of 4 letters; digits and punctuation do not count.
    expect(cjkLetterShare('ab 12, 图书!')).toBe(0.5);
    expect(cjkLetterShare('42')).toBe(0);
  });
});

describe('languageMatches', () => {
  it('compares the scripts of question and context', () => {
    expect(languageMatches('北京是首都吗？', '北京是中国的首都。')).toBe(true);
    expect(languageMatches('What is the capital?', 'Beijing is the capital of China.')).toBe(true);
    expect(languageMatches('What is the capital?', '北京是中国的首都。')).toBe(false);
  });
});
