import { tokensLine } from './format-summary';

const count = (promptTokens: number, completionTokens: number) => ({ promptTokens, completionTokens, totalTokens: promptTokens + completionTokens });

describe('tokensLine', () => {
  it('says every token was paid when nothing came from the cache', () => {
    expect(tokensLine({ ...count(900, 100), paid: count(900, 100) })).toBe('1000 (900 prompt + 100 completion), 1000 paid');
  });

  it('names what the cache saved: the tokens of replies other runs paid for', () => {
    expect(tokensLine({ ...count(900, 100), paid: count(250, 50) })).toBe('1000 (900 prompt + 100 completion), 300 paid, 700 saved by the cache');
  });
});
