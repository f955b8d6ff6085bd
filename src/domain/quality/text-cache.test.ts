import { createTextCache } from './text-cache';

describe('createTextCache', () => {
  it('tokenises each (locale, text) once and returns the same result', () => {
    const cache = createTextCache();
    const first = cache.tokens('The Labor party won.', 'en');
    expect(first).toEqual(['the', 'labor', 'party', 'won']);
    expect(cache.tokens('The Labor party won.', 'en')).toBe(first);
    expect(cache.contentWords('The Labor party won.', 'en')).toEqual(['labor', 'party', 'won']);
  });
  it('keeps locales apart and answers presence for Chinese', () => {
    const cache = createTextCache();
    expect(cache.tokens('我喜欢猫。', 'zh')).toEqual(['我', '喜欢', '猫']);
    expect(cache.contentWords('我喜欢猫。', 'zh')).toEqual(['喜欢', '猫']);
    expect(cache.presence('我喜欢猫。', 'zh')('喜欢')).toBe(true);
    expect(cache.presence('我喜欢猫。', 'zh')('狗')).toBe(false);
  });
});
