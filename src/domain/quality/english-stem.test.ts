import { englishStem } from './english-stem';

describe('englishStem', () => {
  it('gives inflections of one word the same stem', () => {
    const groups = [
      ['party', 'parties', "party's"],
      ['study', 'studies', 'studied', 'studying'],
      ['vote', 'votes', 'voted', 'voting'],
      ['stop', 'stops', 'stopped', 'stopping'],
      ['box', 'boxes'],
      ['church', 'churches'],
      ['class', 'classes'],
      ['call', 'calls', 'called'],
      ['seat', 'seats'],
    ];
    for (const group of groups) {
      expect(new Set(group.map(englishStem))).toEqual(new Set([englishStem(group[0]!)]));
    }
  });
  it('leaves short words, -ss/-us/-is words and non-letters alone', () => {
    expect(englishStem('bus')).toBe('bus');
    expect(englishStem('analysis')).toBe('analysis');
    expect(englishStem('bring')).toBe('bring');
    expect(englishStem('red')).toBe('red');
    expect(englishStem('1,200')).toBe('1,200');
  });
  it('keeps different words apart', () => {
    expect(englishStem('lose')).not.toBe(englishStem('lost'));
    expect(englishStem('party')).not.toBe(englishStem('part'));
  });
});
