/**
 * A whole CST run on real Temporal with the stand-in LLM server: the run directory, the tree shape,
 * determinism under a fixed seed, validation of the input, and that the API key never leaves the worker.
 */
import { join } from 'node:path';
import { readdir, readFile } from 'node:fs/promises';
import { WorkflowFailedError } from '@temporalio/client';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { readJsonl, readRun, writeCorpus } from '../helpers/run-files';
import { temporalCli } from '../helpers/temporal-cli';

const API_KEY = 'sk-augcon-test-secret-7f3a9c';

describe('a CST run', () => {
  let harness: Harness;
  let corpus: string;

  beforeAll(async () => {
    harness = await createHarness('cst-run', { apiKey: API_KEY });
    corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 4, { chinese: true });
  });
  afterAll(() => harness?.close());

  it('writes every candidate question with its provenance, and the same seed gives the same tree', async () => {
    const summary = await harness.run({ corpus: { paths: [corpus] }, seed: 7 }, `${harness.name}-first`);
    expect(summary.documents).toBe(5);
    expect(summary.roots).toBeGreaterThanOrEqual(5);
    expect(summary.candidates).toBeGreaterThan(summary.roots);
    expect(summary.rootsFailed).toBe(0);

    const run = await readRun(summary.runDirectory);
    expect(run.candidates).toHaveLength(summary.candidates);
    expect(run.manifest.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.manifest.counts.candidates).toBe(summary.candidates);
    expect(run.manifest.tokens.totalTokens).toBeGreaterThan(0);
    expect(run.roots).toHaveLength(summary.roots);

    // Every root has its whole-context question (path "0", depth 0), and every deeper node's parent
    // is a kept node of the same pass that was split (no leaf reason): the tree is connected.
    const key = (rootId: string, pass: number, path: string) => `${rootId}/${pass}/${path}`;
    const keys = new Set(run.candidates.map((c) => key(c.rootId, c.pass, c.path)));
    const splitKeys = new Set(run.candidates.filter((c) => c.leafReason === null).map((c) => key(c.rootId, c.pass, c.path)));
    expect(run.roots.filter((root) => !keys.has(key(root.rootId, 1, '0'))).map((root) => root.rootId)).toEqual([]);
    const deeper = run.candidates.filter((c) => c.depth > 0);
    expect(deeper.length).toBeGreaterThan(0);
    expect(deeper.filter((c) => !splitKeys.has(key(c.rootId, c.pass, c.path.replace(/\.\d+$/, '')))).map((c) => key(c.rootId, c.pass, c.path))).toEqual([]);
    for (const candidate of run.candidates) {
      expect(candidate.depth).toBe(candidate.path.split('.').length - 1);
      expect(candidate.question.length).toBeGreaterThanOrEqual(5);
      expect(candidate.usage.totalTokens).toBeGreaterThan(0);
    }
    // Questions cover several granularities, down to sentences.
    expect(Math.max(...run.candidates.map((c) => c.depth))).toBeGreaterThanOrEqual(2);
    // The Chinese document is asked about in Chinese.
    const chinese = run.candidates.filter((c) => c.docId.includes('zh-notes'));
    expect(chinese.length).toBeGreaterThan(0);
    expect(chinese.every((c) => /[\u4e00-\u9fff]/.test(c.question))).toBe(true);

    // Quotas, from the root texts: floor(length / (charsPerPair 35 x length scale: 3 for English, 1 for
    // Chinese)). At the default 35 characters a pair every root here reaches its quota in its first
    // pass, so the filter keeps exactly the quota (filtered.jsonl), no root is sent back for another pass
    // and none is listed under quota (scorer-stage.test.ts sets a quota that leaves some roots under it).
    const kept = await readJsonl<{ rootId: string }>(join(summary.runDirectory, 'filtered.jsonl'));
    const rootTexts = new Map(run.candidates.filter((c) => c.pass === 1 && c.path === '0').map((c) => [c.rootId, c.context]));
    const expected = run.roots.map(({ rootId }) => {
      const text = rootTexts.get(rootId)!;
      const quota = Math.floor([...text].length / (35 * (/[\u4e00-\u9fff]/.test(text) ? 1 : 3)));
      return { rootId, quota, kept: quota, passes: 1, underQuota: false };
    });
    const outcomes = run.roots.map((root) => ({
      rootId: root.rootId,
      quota: root.quota,
      kept: kept.filter((row) => row.rootId === root.rootId).length,
      passes: root.passes,
      underQuota: root.underQuota,
    }));
    expect(outcomes).toEqual(expected);
    expect(run.manifest.rootsUnderQuota).toEqual([]);

    const again = await harness.run({ corpus: { paths: [corpus] }, seed: 7 }, `${harness.name}-second`);
    const first = await readFile(join(summary.runDirectory, 'candidates.jsonl'), 'utf8');
    const second = await readFile(join(again.runDirectory, 'candidates.jsonl'), 'utf8');
    expect(second).toBe(first);

    // The API key is in no workflow history and no file of the run.
    for (const workflowId of [`${harness.name}-first`, `${harness.name}-first/root-0`]) {
      const history = temporalCli(['workflow', 'show', '--workflow-id', workflowId, '--output', 'json']);
      expect(history.length).toBeGreaterThan(100);
      expect(history).not.toContain(API_KEY);
    }
    const files = (await readdir(summary.runDirectory, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    expect(files.map((entry) => entry.name)).toEqual(expect.arrayContaining(['candidates.jsonl', 'manifest.json', 'model.json']));
    for (const entry of files) expect((await readFile(join(entry.parentPath, entry.name))).includes(API_KEY)).toBe(false);
    expect((await readFile(join(harness.dataDir, 'augcon.sqlite'))).includes(API_KEY)).toBe(false);
  });

  it('a different seed samples different questions', async () => {
    const a = await harness.run({ corpus: { paths: [corpus] }, seed: 1, cst: { maxPasses: 1 } }, `${harness.name}-seed-a`);
    const b = await harness.run({ corpus: { paths: [corpus] }, seed: 2, cst: { maxPasses: 1 } }, `${harness.name}-seed-b`);
    const questions = async (directory: string) => (await readRun(directory)).candidates.map((c) => c.question).join('\n');
    expect(await questions(b.runDirectory)).not.toBe(await questions(a.runDirectory));
  });

  it('continues as new every rootsPerHistory roots and still finishes every root', async () => {
    const many = await writeCorpus(join(harness.dataDir, 'many'), 25);
    const summary = await harness.run(
      { corpus: { paths: [many] }, cst: { maxPasses: 1 }, orchestration: { rootsPerHistory: 10, maxConcurrentRoots: 4 } },
      `${harness.name}-continue-as-new`,
    );
    const run = await readRun(summary.runDirectory);
    expect(summary.roots).toBe(25);
    expect(run.roots).toHaveLength(25);
    expect(run.manifest.orchestration).toMatchObject({ continuedAsNew: 2, maxPendingChildren: 4 });
    expect(new Set(run.candidates.map((candidate) => candidate.rootId)).size).toBe(25);
    const runs = temporalCli(['workflow', 'list', '--query', `WorkflowId = "${harness.name}-continue-as-new"`, '--output', 'json']);
    expect((JSON.parse(runs) as unknown[]).length).toBe(3);
  });

  it('rejects a bad run input with a message naming the field, also when started without the client', async () => {
    await expect(harness.augcon.startRun({ corpus: { paths: [] } })).rejects.toThrow(/corpus\.paths: name at least one/);
    const handle = await harness.client.workflow.start('augconRun', {
      workflowId: `${harness.name}-invalid`,
      taskQueue: harness.taskQueue,
      args: [{ corpus: { paths: ['x'] }, cst: { temperature: 'hot' } }],
    });
    const failure = await handle.result().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect(String((failure as WorkflowFailedError).cause?.message)).toMatch(/cst\.temperature/);
  });
});
