/** `augcon report` wired into a command line: options, output path, exit codes (the command lives in src/cli/commands). */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerReportCommand, reportCommand } from '../cli/commands/report-command';
import { CliError, EXIT } from '../cli/exit-codes';
import { canonicalJson } from '../domain/canonical-json';
import { RunInputSchema } from '../domain/run-input';
import { openSqliteRunStore, STORE_FILE } from '../store/sqlite-run-store';

const RUN = 'cli-run';

describe('augcon report', () => {
  let dataDir: string;
  let printed: string[];
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'augcon-report-command-'));
    const store = openSqliteRunStore(join(dataDir, STORE_FILE));
    await store.putRun({ runName: RUN, configHash: 'h', settingsJson: canonicalJson(RunInputSchema.parse({ corpus: { paths: ['x'] } })), createdAt: '2026-01-01T00:00:00Z' });
    await store.replaceCorpus(RUN, {
      documents: [{ docId: 'a.txt', sourcePath: '/a.txt', contentHash: 'h', chars: 40, script: 'latin' }],
      roots: [0, 1, 2].map((seq) => ({ rootId: `r${seq}`, seq, docId: 'a.txt', index: seq, text: 'text', chars: 4, contentHash: 'h', script: 'latin' as const, lengthScale: 3, startOffset: 0, endOffset: 4 })),
      diagnostics: [],
    });
    await store.close();
    printed = [];
    jest.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void printed.push(parts.join(' ')));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await rm(dataDir, { recursive: true, force: true });
  });

  const program = () => registerReportCommand(new Command().exitOverride()).parent!;

  it('writes <data dir>/runs/<run>/report.html by default and prints its path', async () => {
    const result = await reportCommand(RUN, { dataDir });
    const path = join(dataDir, 'runs', RUN, 'report.html');
    expect(result).toMatchObject({ runName: RUN, path, roots: 3, treeRoots: 3, manifest: false });
    expect(printed).toEqual([path]);
    expect(await readFile(path, 'utf8')).toContain('<title>augcon run report: cli-run</title>');
  });

  it('takes --output, --max-tree-roots and --prices from the command line', async () => {
    const output = join(dataDir, 'elsewhere', 'r.html');
    const prices = join(dataDir, 'prices.json');
    await writeFile(prices, JSON.stringify({ '*': { prompt: 0.15, completion: 0.6 } }));
    await program().parseAsync(['node', 'augcon', 'report', RUN, '--data-dir', dataDir, '--output', output, '--max-tree-roots', '1', '--prices', prices]);
    expect(printed).toEqual([output]);
    const html = await readFile(output, 'utf8');
    expect(html.match(/<details class="root"/g)).toHaveLength(1);
    expect(html).toContain('Showing the first 1 of 3 roots');
    expect(html).toContain('<th class="num">cost</th>');
  });

  it('takes one price for every model as --input-price and --output-price, as augcon plan does', async () => {
    await program().parseAsync(['node', 'augcon', 'report', RUN, '--data-dir', dataDir, '--input-price', '0.15', '--output-price', '0.6', '--json']);
    const result = JSON.parse(printed.join('\n')) as { path: string };
    expect(await readFile(result.path, 'utf8')).toContain('the prices given to the report');
    const prices = join(dataDir, 'prices.json');
    await writeFile(prices, '{}');
    await expect(reportCommand(RUN, { dataDir, prices, inputPrice: 1 })).rejects.toMatchObject({ exitCode: EXIT.invalidInput });
  });

  it('exits 4 for an unknown run or a data dir without a store, 2 for a bad prices file', async () => {
    await expect(reportCommand('nope', { dataDir })).rejects.toMatchObject({ exitCode: EXIT.notFound, message: expect.stringContaining('no run nope in the store') });
    await expect(reportCommand(RUN, { dataDir: join(dataDir, 'empty') })).rejects.toMatchObject({ exitCode: EXIT.notFound });
    const prices = join(dataDir, 'prices.json');
    await writeFile(prices, JSON.stringify({ m: { prompt: -1, completion: 1 } }));
    const failure = await reportCommand(RUN, { dataDir, prices }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CliError);
    expect(failure).toMatchObject({ exitCode: EXIT.invalidInput, message: expect.stringContaining('prices.json: m.prompt') });
  });
});
