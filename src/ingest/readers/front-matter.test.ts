import { splitFrontMatter } from './front-matter';

describe('splitFrontMatter', () => {
  it('splits YAML front matter from the body and counts its characters', () => {
    const front = splitFrontMatter('---\ntitle: 渡轮时刻表\ndate: 2024-05-01\n---\n# 时刻表\n');
    expect(front).toEqual({ metadata: { title: '渡轮时刻表', date: '2024-05-01' }, body: '# 时刻表\n', chars: 'title: 渡轮时刻表\ndate: 2024-05-01'.length, lines: 4 });
  });
  it('accepts "..." as the YAML closer, TOML between "+++" lines and empty front matter', () => {
    expect(splitFrontMatter('---\ntitle: A\n...\nBody')?.metadata).toEqual({ title: 'A' });
    expect(splitFrontMatter('+++\ntitle = "Ferry"\ndraft = false\n+++\nBody')?.metadata).toEqual({ title: 'Ferry', draft: 'false' });
    expect(splitFrontMatter('---\n---\nBody')).toMatchObject({ metadata: {}, body: 'Body', chars: 0 });
  });
  it('is absent when the file does not open with a delimiter line, or it is never closed', () => {
    expect(splitFrontMatter('Body\n---\ntitle: A\n---\n')).toBeUndefined();
    expect(splitFrontMatter('---\ntitle: A\nBody without a closer\n')).toBeUndefined();
    expect(splitFrontMatter('----\ntitle: A\n----\n')).toBeUndefined();
    expect(splitFrontMatter('---\nJust a rule, then prose.\n---\n')).toBeUndefined();
  });
});

describe('YAML front matter values', () => {
  it('are strings: scalars as written, lists joined, block scalars folded, maps as JSON', () => {
    const block = [
      'title: "Ferry \\"night\\" service"',
      "subtitle: 'It''s late'",
      'author: Ana # the editor',
      'tags: [ferry, harbour]',
      'aliases:',
      '  - /old',
      '  - /older',
      'summary: >',
      '  Boats leave',
      '  every hour.',
      'nested:',
      '  key: value',
    ].join('\n');
    expect(splitFrontMatter(`---\n${block}\n---\nBody`)?.metadata).toEqual({
      title: 'Ferry "night" service',
      subtitle: "It's late",
      author: 'Ana',
      tags: 'ferry, harbour',
      aliases: '/old, /older',
      summary: 'Boats leave every hour.\n',
      nested: '{"key":"value"}',
    });
  });
});
