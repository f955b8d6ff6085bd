/**
 * The run report of a real run (stand-in LLM, 6 documents and a Chinese one), written by the report
 * command's function and opened in headless Chromium (Debian's chromium through playwright-core) from
 * file://: it loads without a console error or a request to anywhere, shows the run, one tree entry
 * per root, a tree node that opens on click, and the charts; a full-page screenshot is kept in
 * test-results/report-screenshot.png.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { reportCommand } from '../../src/cli/commands/report-command';
import { CliError, EXIT } from '../../src/cli/exit-codes';
import { openSqliteRunStore, STORE_FILE } from '../../src/store/sqlite-run-store';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { writeCorpus } from '../helpers/run-files';

const CHROMIUM = '/usr/bin/chromium';
const RESULTS = join(__dirname, '..', '..', 'test-results');
const SCREENSHOT = join(RESULTS, 'report-screenshot.png');

/** Runs the report command's function with its output captured. */
async function report(...args: Parameters<typeof reportCommand>) {
  const printed: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void printed.push(parts.join(' ')));
  try {
    return { result: await reportCommand(...args), printed };
  } finally {
    log.mockRestore();
  }
}

describe('the run report', () => {
  let harness: Harness;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is missing at ${CHROMIUM}: the report test needs Debian's chromium package (run scripts/install-chromium.sh as root)`);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    harness = await createHarness('report');
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('writes one self-contained HTML file that loads in Chromium, shows every root and opens a tree node on click', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 6, { chinese: true });
    const summary = await harness.run({ corpus: { paths: [corpus] }, seed: 4 });
    expect(summary.roots).toBeGreaterThan(0);
    expect(summary.filter!.kept).toBeGreaterThan(0);

    const { result, printed } = await report(summary.runName, { dataDir: harness.dataDir });
    const path = join(summary.runDirectory, 'report.html');
    expect(result).toMatchObject({ runName: summary.runName, path, roots: summary.roots, treeRoots: summary.roots, manifest: true });
    expect(printed).toEqual([path]);
    const html = await readFile(path, 'utf8');
    expect(result.bytes).toBe(Buffer.byteLength(html));

    // The numbers agree with the store and the manifest the run wrote.
    const store = openSqliteRunStore(join(harness.dataDir, STORE_FILE));
    const candidates = await store.listCandidates(summary.runName);
    await store.close();
    const manifest = JSON.parse(await readFile(join(summary.runDirectory, 'manifest.json'), 'utf8')) as {
      tokensByStage: { contextSplitTree: { totalTokens: number } };
      llmCache: { promptTokensSent: number; providerCachedPromptTokens: number };
    };
    expect(html).toContain(`<td class="num">${manifest.tokensByStage.contextSplitTree.totalTokens.toLocaleString('en-US')}</td>`);
    // The prompt tokens the stand-in's prompt cache served, of those the run's calls sent.
    const { promptTokensSent, providerCachedPromptTokens } = manifest.llmCache;
    expect(providerCachedPromptTokens).toBeGreaterThan(0);
    expect(html).toContain(`${providerCachedPromptTokens.toLocaleString('en-US')} / ${promptTokensSent.toLocaleString('en-US')}`);
    // Written again from the same store: the same bytes.
    await report(summary.runName, { dataDir: harness.dataDir });
    expect(await readFile(path, 'utf8')).toBe(html);

    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const url = pathToFileURL(path).href;
    const response = await page.goto(url, { waitUntil: 'load' });
    expect(response?.ok() ?? true).toBe(true);

    expect(await page.title()).toBe(`augcon run report: ${summary.runName}`);
    expect(await page.locator('#run-name').textContent()).toBe(summary.runName);
    expect(await page.locator('details.root').count()).toBe(summary.roots);
    expect(await page.locator('details.root[open]').count()).toBe(0);
    expect(await page.locator('li.node').count()).toBe(candidates.length + summary.drops);

    // A collapsed node with children: its children are hidden until it is clicked.
    const root = page.locator('details.root:has(li.has-children)').first();
    await root.locator(':scope > summary').click();
    expect(await root.getAttribute('open')).not.toBeNull();
    const node = root.locator('li.has-children').first();
    const child = node.locator(':scope > ul.children > li.node').first();
    const detail = node.locator(':scope > .node-detail');
    expect(await node.getAttribute('aria-expanded')).toBe('false');
    expect(await child.isVisible()).toBe(false);
    expect(await detail.isVisible()).toBe(false);
    await node.locator(':scope > .node-row').click();
    expect(await node.getAttribute('aria-expanded')).toBe('true');
    expect(await child.isVisible()).toBe(true);
    expect(await detail.isVisible()).toBe(true);
    expect(await detail.textContent()).toContain('context');
    // Bars are sized by context length: a child's bar is narrower than its parent's.
    const barWidth = async (item: typeof node) => (await item.locator(':scope > .node-row .bar').boundingBox())!.width;
    expect(await barWidth(child)).toBeLessThan(await barWidth(node));
    // Clicking again collapses it.
    await node.locator(':scope > .node-row').click();
    expect(await child.isVisible()).toBe(false);
    await node.locator(':scope > .node-row').click();

    // The charts: length and depth of kept pairs, scores before and after the filter.
    for (const id of ['chart-length', 'chart-depth', 'chart-scores']) {
      const chart = page.locator(`svg#${id}`);
      expect({ id, charts: await chart.count() }).toEqual({ id, charts: 1 });
      expect(await chart.isVisible()).toBe(true);
      expect(await chart.locator('rect').count()).toBeGreaterThan(0);
    }
    expect(await page.locator('#tokens table tbody tr').count()).toBeGreaterThanOrEqual(2);

    await mkdir(RESULTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect((await stat(SCREENSHOT)).size).toBeGreaterThan(20_000);
    expect((await readFile(SCREENSHOT)).subarray(1, 4).toString('latin1')).toBe('PNG');

    expect(problems).toEqual([]);
    // Self-contained: the file itself is the only thing the page loaded.
    expect([...new Set(requests)]).toEqual([url]);
    await page.close();
  });

  it('exits with "not found" for a run that is not in the store', async () => {
    const failure = await reportCommand('no-such-run', { dataDir: harness.dataDir }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CliError);
    expect(failure).toMatchObject({ exitCode: EXIT.notFound, message: expect.stringContaining('no run no-such-run') });
  });
});
