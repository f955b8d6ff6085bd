import { childNodes } from './tree-node';

describe('childNodes', () => {
  it('names a kept node’s sub-contexts <path>.1, <path>.2, one level deeper', () => {
    expect(childNodes({ path: '0.2', depth: 1 }, ['first half', 'second half'])).toEqual([
      { path: '0.2.1', depth: 2, context: 'first half' },
      { path: '0.2.2', depth: 2, context: 'second half' },
    ]);
  });

  it('gives a leaf no children', () => {
    expect(childNodes({ path: '0', depth: 0 }, [])).toEqual([]);
  });
});
