import { inventedContent } from './invented-content';

describe('inventedContent', () => {
  it('reports the words, numbers and names an English split added', () => {
    const parent = 'The Labor Party won 1,200 seats in the 2019 election.';
    const child = 'The Labor parties won 1,300 seats in the Senate election.';
    // Child content words: labor parties won 1,300 seats senate election (7).
    // parties ~ Party (stem party), 1,300 ≠ 1200 and senate are new: 2 of 7.
    // Names of the child (not at the sentence start): Labor (in the parent), Senate (new).
    expect(inventedContent(child, parent, 'en')).toEqual({
      novelWords: ['1,300', 'senate'],
      novelNumbers: ['1300'],
      novelNames: ['Senate'],
      novelWordShare: 2 / 7,
    });
  });
  it('reports the words and numbers a Chinese split added', () => {
    const parent = '工党在2019年的选举中赢得了1,200个席位。';
    const child = '工党在2020年赢得了参议院的席位。';
    // Child tokens 工党|在|2020|年|赢得|了|参议|院|的|席位; content: 工党 2020 年 赢得 参议 院 席位 (7).
    // Not in the parent: 2020, 参议, 院: 3 of 7.
    expect(inventedContent(child, parent, 'zh')).toEqual({
      novelWords: ['2020', '参议', '院'],
      novelNumbers: ['2020'],
      novelNames: [],
      novelWordShare: 3 / 7,
    });
  });
  it('finds nothing in a faithful cut and is 0 for an empty child', () => {
    const parent = 'The ferry leaves at six. Tickets are sold on board.';
    expect(inventedContent('Tickets are sold on board.', parent, 'en')).toEqual({ novelWords: [], novelNumbers: [], novelNames: [], novelWordShare: 0 });
    expect(inventedContent('', parent, 'en').novelWordShare).toBe(0);
  });
});
