import { readHtml } from './html-reader';

const settings = { jsonTextField: 'text', jsonIdField: 'id', codeBlocks: 'drop' as const };
const encode = (text: string) => new TextEncoder().encode(text);

describe('readHtml', () => {
  it('keeps the text and counts scripts, styles, navigation and image alt text it leaves out', async () => {
    const html = [
      '<html><head><style>p { color: red; }</style></head><body>',
      '<nav>Home <a href="/">Timetable</a></nav>',
      '<h5>Night boats</h5><p>The last ferry leaves at <a href="/t">midnight</a>.</p>',
      '<img src="map.png" alt="harbour map"><script>track()</script>',
      '</body></html>',
    ].join('');
    const read = await readHtml('ferry.html', encode(html), settings);
    expect(read.records).toEqual([
      {
        idSuffix: '',
        text: 'Night boats\n\nThe last ferry leaves at midnight.',
        dropped: { 'script-style': 'p { color: red; }'.length + 'track()'.length, navigation: 'Home Timetable'.length, 'image-alt': 'harbour map'.length },
      },
    ]);
  });

  it('counts nothing for a page that is all text (Japanese)', async () => {
    const read = await readHtml('ja.html', encode('<p>フェリーは毎時出航します。</p>'), settings);
    expect(read.records).toEqual([{ idSuffix: '', text: 'フェリーは毎時出航します。', dropped: {} }]);
  });
});
