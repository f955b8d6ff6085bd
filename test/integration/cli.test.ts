/** The augcon command line against the real dev server: run --json, status, and its exit codes. */
import { join } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { EXIT } from '../../src/cli/exit-codes';
import { createHarness, temporalAddress, type Harness } from '../helpers/augcon-harness';
import { writeCorpus } from '../helpers/run-files';
import { cli } from '../helpers/cli';

describe('the augcon CLI', () => {
  let harness: Harness;
  let corpus: string;
  beforeAll(async () => {
    process.env.TEMPORAL_ADDRESS = temporalAddress();
    harness = await createHarness('cli');
    corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 2);
  });
  afterAll(async () => {
    delete process.env.TEMPORAL_ADDRESS;
    await harness?.close();
  });

  it('runs a corpus and prints the summary as JSON, then status finds it', async () => {
    const runName = `${harness.name}-run`;
    const run = await cli(['run', corpus, '--run-name', runName, '--task-queue', harness.taskQueue, '--json', '--seed', '5']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(EXIT.ok);
    const summary = JSON.parse(run.stdout) as { runName: string; candidates: number; url: string };
    expect(summary.runName).toBe(runName);
    expect(summary.candidates).toBeGreaterThan(0);
    expect(summary.url).toContain(`/workflows/${runName}`);

    const status = await cli(['status', runName, '--json']);
    expect(status.code).toBe(EXIT.ok);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'COMPLETED', summary: { candidates: summary.candidates } });
  });

  it('exits 2 with the file and field for a bad config, before touching Temporal', async () => {
    const file = join(harness.dataDir, 'bad-run.json');
    await writeFile(file, JSON.stringify({ cst: { maxPasses: 0 } }));
    const result = await cli(['run', corpus, '--config', file]);
    expect(result.code).toBe(EXIT.invalidInput);
    expect(result.stderr).toContain(`${file}: cst.maxPasses`);
  });

  it('exits 4 for a run that does not exist and 2 for a usage error', async () => {
    expect((await cli(['status', `${harness.name}-missing`])).code).toBe(EXIT.notFound);
    expect((await cli(['run', '--seed', 'abc'])).code).toBe(EXIT.invalidInput);
  });

  it('warns when no worker polls the run\'s task queue, and not when one does', async () => {
    const lonely = `${harness.taskQueue}-nobody`;
    const runName = `${harness.name}-no-worker`;
    const started = await cli(['run', corpus, '--run-name', runName, '--task-queue', lonely, '--no-wait', '--json']);
    try {
      expect(started.code).toBe(EXIT.ok);
      expect(started.stderr).toContain(`warning: no worker polls task queue ${lonely}, so the run waits`);
      expect(started.stderr).toContain(`AUGCON_TASK_QUEUE=${lonely}`);
    } finally {
      await harness.client.workflow.getHandle(runName).terminate('no worker polls its task queue (test)');
    }
    const polled = await cli(['run', corpus, '--run-name', `${harness.name}-polled`, '--task-queue', harness.taskQueue, '--no-wait', '--json', '--seed', '77']);
    expect(polled.stderr).toBe('');
    await harness.augcon.result(`${harness.name}-polled`);
  });

  it('exits 2 before any LLM call when the corpus has no readable document', async () => {
    const before = harness.standin.calls().length;
    const missing = join(harness.dataDir, 'no-such-folder');
    const result = await cli(['run', missing, '--run-name', `${harness.name}-empty`, '--task-queue', harness.taskQueue, '--quiet']);
    expect(result.code).toBe(EXIT.invalidInput);
    expect(result.stderr).toContain(`corpus path not found: ${missing} does not exist on this machine`);
    expect(result.stderr).toContain('has no readable document');
    expect(harness.standin.calls().length).toBe(before);
  });

  it('measures a run with eval: the quality block, reference coverage and the judge on the stand-in', async () => {
    const runName = `${harness.name}-eval`;
    const run = await cli(['run', corpus, '--run-name', runName, '--task-queue', harness.taskQueue, '--json', '--seed', '6']);
    expect(run.code).toBe(EXIT.ok);
    const summary = JSON.parse(run.stdout) as { filter: { kept: number }; runDirectory: string };
    const manifest = JSON.parse(await readFile(join(summary.runDirectory, 'manifest.json'), 'utf8')) as { quality: { pairs: number } };
    expect(manifest.quality.pairs).toBe(summary.filter.kept);

    // Reference questions: one copied from the run (covered), one about nothing in it (not covered).
    const filtered = (await readFile(join(summary.runDirectory, 'filtered.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { docId: string; question: string });
    const references = join(harness.dataDir, 'references.jsonl');
    await writeFile(references, [JSON.stringify({ docId: filtered[0]!.docId, question: filtered[0]!.question }), JSON.stringify({ docId: filtered[0]!.docId, question: 'Which volcano erupted in 1815?' })].join('\n'));
    const calls = harness.standin.calls().length;
    const evaluated = await cli(['eval', runName, '--data-dir', harness.dataDir, '--reference', references, '--json']);
    expect(evaluated.code).toBe(EXIT.ok);
    const result = JSON.parse(evaluated.stdout) as {
      quality: { pairs: number };
      reference: { references: number; coverage: number; meanBestRougeL: number; perReference: { best?: { rougeL: number } }[] };
    };
    expect(result.quality).toEqual(manifest.quality);
    expect(result.reference).toMatchObject({ references: 2, coverage: 0.5 });
    const [copied, unrelated] = result.reference.perReference.map((reference) => reference.best?.rougeL ?? 0);
    expect(copied).toBe(1);
    expect(unrelated).toBeLessThan(0.5);
    expect(result.reference.meanBestRougeL).toBeCloseTo((copied! + unrelated!) / 2, 4);
    expect(harness.standin.calls().length).toBe(calls); // no LLM call without --judge

    const judged = await cli(['eval', runName, '--data-dir', harness.dataDir, '--judge', '--sample', '4', '--seed', '2', '--task-queue', harness.taskQueue, '--json']);
    expect(judged.code).toBe(EXIT.ok);
    const judge = (JSON.parse(judged.stdout) as { judge: { pairs: number; answerability: { judged: number; low: number; high: number }; usage: { totalTokens: number } } }).judge;
    expect(judge.pairs).toBe(Math.min(4, summary.filter.kept));
    expect(judge.answerability.judged).toBe(judge.pairs);
    expect(judge.answerability.low).toBeLessThanOrEqual(judge.answerability.high);
    expect(judge.usage.totalTokens).toBeGreaterThan(0);
    const judgeCalls = harness.standin.calls().slice(calls).filter((call) => call.kind === 'judge');
    expect(judgeCalls.length).toBe(2 * judge.pairs);
    const file = JSON.parse(await readFile(join(summary.runDirectory, 'judge.json'), 'utf8')) as { pairs: unknown[] };
    expect(file.pairs).toHaveLength(judge.pairs);

    // Judging the same sample again is answered by the response cache.
    const again = await cli(['eval', runName, '--data-dir', harness.dataDir, '--judge', '--sample', '4', '--seed', '2', '--task-queue', harness.taskQueue, '--json']);
    expect(again.code).toBe(EXIT.ok);
    expect(harness.standin.calls().slice(calls).filter((call) => call.kind === 'judge').length).toBe(2 * judge.pairs);
  });

  it('exits 1 when the run fails', async () => {
    // A seed no other test uses: every call reaches the endpoint (none is answered from the response cache).
    harness.standin.setFaults([{ kind: 'status', status: 401 }]);
    try {
      const result = await cli(['run', corpus, '--run-name', `${harness.name}-fails`, '--task-queue', harness.taskQueue, '--quiet', '--seed', '99']);
      expect(result.code).toBe(EXIT.runFailed);
      expect(result.stderr).toMatch(/failed: .*LlmAuthError/);
    } finally {
      harness.standin.setFaults([]);
    }
  });
});
