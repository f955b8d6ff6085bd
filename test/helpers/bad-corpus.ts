/**
 * The bad-input corpus of the CST issue, next to good files of every supported format. Returns the
 * folder and, per bad file, the diagnostic code it must produce (exactly one error each), and per
 * file with a warning its code (exactly one warning each).
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minimalDocx, minimalPdf } from './document-fixtures';

const PARAGRAPH =
  'The river ferry runs every twenty minutes between the old harbour and the island. In summer a second boat joins the service, and the last crossing leaves at midnight.';

export interface BadCorpus {
  directory: string;
  expectedErrors: Record<string, string>;
  expectedWarnings: Record<string, string>;
  goodFiles: string[];
}

export async function writeBadCorpus(directory: string, options: { hugeLine?: boolean } = {}): Promise<BadCorpus> {
  await mkdir(directory, { recursive: true });
  const write = (name: string, content: string | Buffer) => writeFile(join(directory, name), content);
  await write('good.txt', `${PARAGRAPH}\n`);
  await write('good.md', `# Ferry\n\n${PARAGRAPH}\n\n\`\`\`\ncode is dropped\n\`\`\`\n`);
  await write('good.html', `<html><body><h1>Ferry</h1><p>${PARAGRAPH}</p><script>drop()</script></body></html>`);
  await write('good.json', JSON.stringify([{ id: 'a', text: PARAGRAPH }]));
  await write('good.pdf', minimalPdf(['The river ferry runs every twenty minutes.', 'The last crossing leaves at midnight.']));
  await write('good.docx', await minimalDocx(['The river ferry runs every twenty minutes.', 'The last crossing leaves at midnight.']));
  await write('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PARAGRAPH)]));
  await write('crlf.txt', `${PARAGRAPH}\r\n\r\nA second paragraph ends with CRLF too.\r\n`);
  await write('records.jsonl', `${JSON.stringify({ id: 'one', text: PARAGRAPH })}\n{"id": "two", "text": "broken\n${JSON.stringify({ id: 'three', text: PARAGRAPH })}\n`);
  await write('empty.txt', '');
  await write('binary.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x01]));
  await write('latin1.txt', Buffer.from('Caf\xe9 au lait, cr\xe8me br\xfbl\xe9e.', 'latin1'));
  await write('notes.xyz', 'an unknown extension');
  await symlink(join(directory, 'does-not-exist.txt'), join(directory, 'dangling.txt'));
  if (options.hugeLine) await write('huge-line.txt', 'word '.repeat(600_000));
  return {
    directory,
    expectedErrors: {
      'empty.txt': 'empty-file',
      'binary.txt': 'binary-file',
      'latin1.txt': 'invalid-utf8',
      'notes.xyz': 'unsupported-extension',
      'dangling.txt': 'unreadable-path',
      'records.jsonl': 'malformed-json',
    },
    // The code block of good.md and the script of good.html are not text: each is counted in a warning.
    expectedWarnings: { 'bom.txt': 'bom-removed', 'crlf.txt': 'crlf-normalized', 'good.md': 'dropped-code-block', 'good.html': 'dropped-script-style' },
    goodFiles: ['good.txt', 'good.md', 'good.html', 'good.json', 'good.pdf', 'good.docx', 'bom.txt', 'crlf.txt', 'records.jsonl', ...(options.hugeLine ? ['huge-line.txt'] : [])],
  };
}
