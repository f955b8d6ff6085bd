import { markdownToText, readMarkdown } from './markdown-reader';

const settings = { jsonTextField: 'text', jsonIdField: 'id', codeBlocks: 'drop' as const };

describe('markdownToText', () => {
  it('keeps the prose of HTML blocks and counts only their markup', () => {
    const aside = '<aside>\n  <p>The harbour closes at dusk in winter.</p>\n</aside>\n';
    const source = `# Ferry guide\n\nBoats leave every hour.\n\n${aside}\n<aside>Tickets are sold <b>on board</b>.</aside>\n`;
    const { text, dropped } = markdownToText(source);
    expect(text).toBe('Ferry guide\n\nBoats leave every hour.\n\nThe harbour closes at dusk in winter.\n\nTickets are sold on board.');
    // 64 characters in the first block, 37 of them text; 49 in the second, 26 of them text.
    expect(dropped).toEqual({ 'html-markup': 64 - 37 + (49 - 26) });
  });

  it('keeps the Chinese prose of an HTML block', () => {
    const { text, dropped } = markdownToText('<div class="note">\n注意：渡轮在冬季黄昏时停运。\n</div>\n\n船票在船上出售。\n');
    expect(text).toBe('注意：渡轮在冬季黄昏时停运。\n\n船票在船上出售。');
    expect(dropped['html-markup']).toBeGreaterThan(0);
  });

  it('drops code blocks by default and counts their characters (a Japanese technical note)', () => {
    const source = '# 設定の手順\n\n設定ファイルを編集してから、サービスを再起動します。\n\n```bash\nsudo systemctl restart augcon\n```\n\n    tail -f /var/log/augcon.log\n';
    const { text, dropped } = markdownToText(source);
    expect(text).toBe('設定の手順\n\n設定ファイルを編集してから、サービスを再起動します。');
    expect(dropped).toEqual({ 'code-block': 'sudo systemctl restart augcon'.length + 'tail -f /var/log/augcon.log'.length });
  });

  it('keeps code block content as text with codeBlocks "keep"', () => {
    const { text, dropped } = markdownToText('Restart the service:\n\n```\nsudo systemctl restart augcon\n```\n', 'keep');
    expect(text).toBe('Restart the service:\n\nsudo systemctl restart augcon');
    expect(dropped).toEqual({});
  });

  it('reads YAML front matter as metadata, never as prose', () => {
    const source = '---\ntitle: "Ferry timetable"\ntags:\n  - ferry\n  - harbour\n---\n\nBoats leave every hour.\n';
    const { text, dropped, metadata } = markdownToText(source);
    expect(text).toBe('Boats leave every hour.');
    expect(metadata).toEqual({ title: 'Ferry timetable', tags: 'ferry, harbour' });
    expect(dropped).toEqual({ 'front-matter': 'title: "Ferry timetable"\ntags:\n  - ferry\n  - harbour'.length });
  });

  it('reads a Japanese title from the front matter', () => {
    const { text, metadata } = markdownToText('---\ntitle: フェリーの時刻表\n---\n船は毎時出航します。\n');
    expect(metadata).toEqual({ title: 'フェリーの時刻表' });
    expect(text).toBe('船は毎時出航します。');
  });

  it('does not take a leading thematic break followed by prose for front matter', () => {
    const { text, metadata } = markdownToText('---\n\nBoats leave every hour.\n\n---\n\nThe last one at midnight.\n');
    expect(metadata).toBeUndefined();
    expect(text).toBe('Boats leave every hour.\n\nThe last one at midnight.');
  });

  it('counts image alt text and inline HTML tags, and keeps the text around them', () => {
    const { text, dropped } = markdownToText('Press <kbd>Ctrl</kbd> to see ![a map of the harbour](map.png) the map.\n');
    expect(text).toBe('Press Ctrl to see  the map.');
    expect(dropped).toEqual({ 'image-alt': 'a map of the harbour'.length, 'html-markup': '<kbd></kbd>'.length });
  });

  it('keeps table cells as text', () => {
    const { text, dropped } = markdownToText('| stop | time |\n| --- | --- |\n| 港 | 6:00 |\n');
    expect(text).toBe('stop | time\n\n港 | 6:00');
    expect(dropped).toEqual({});
  });
});

describe('readMarkdown', () => {
  it('returns the accounting and the front matter on the record, honouring corpus.codeBlocks', async () => {
    const bytes = new TextEncoder().encode('---\ntitle: Guide\n---\nRun it:\n\n```\nmake\n```\n');
    const dropping = await readMarkdown('guide.md', bytes, settings);
    expect(dropping.records).toEqual([{ idSuffix: '', text: 'Run it:', dropped: { 'front-matter': 12, 'code-block': 4 }, metadata: { title: 'Guide' } }]);
    const keeping = await readMarkdown('guide.md', bytes, { ...settings, codeBlocks: 'keep' });
    expect(keeping.records[0]).toMatchObject({ text: 'Run it:\n\nmake', dropped: { 'front-matter': 12 } });
  });
});
