import { shareFound, wordKey, wordPresence } from './word-presence';

describe('wordPresence', () => {
  it('matches English words by stem and numbers by value', () => {
    const occurs = wordPresence('The parties voted on 1,200 seats in 2019.', 'en');
    expect(occurs('party')).toBe(true); // parties → party
    expect(occurs('voting')).toBe(true); // voted, voting → vot
    expect(occurs('1200')).toBe(true); // 1,200 → 1200
    expect(occurs('Seat')).toBe(true);
    expect(occurs('election')).toBe(false);
    expect(occurs('part')).toBe(false);
  });
  it('matches Chinese words as substrings, whatever the segmentation', () => {
    // ICU segments 你有没有去过北京 as 你有|没有|去|过|北京: 有没有 is no token, but it is in the text.
    const occurs = wordPresence('你有没有去过北京？', 'zh');
    expect(occurs('有没有')).toBe(true);
    expect(occurs('北京')).toBe(true);
    expect(occurs('上海')).toBe(false);
  });
  it('wordKey normalises case, apostrophes and numbers', () => {
    expect(wordKey('Party’s')).toBe('party');
    expect(wordKey('3.50')).toBe('3.5');
  });
});

describe('shareFound', () => {
  it('counts duplicates and is 1 for no words', () => {
    // 3 of 4 words occur.
    expect(shareFound(['a', 'b', 'a', 'd'], (word) => word !== 'd')).toBe(0.75);
    expect(shareFound([], () => false)).toBe(1);
  });
});
