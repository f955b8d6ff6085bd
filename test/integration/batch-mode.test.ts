/**
 * Batch mode (llm.mode "batch", docs/decisions/0012): a whole run (CST, scorer, self-improvement,
 * answers) on the stand-in's Batch API, whose batches take 2 s. The worker, its own process, is
 * killed with SIGKILL twice while a batch is pending. The run completes with the dataset of a
 * direct-mode run with the same seed, every LLM request went through a batch, and no request was
 * submitted twice: each is in exactly one batch's file, and none was also called directly.
 */
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunInput } from '../../src/domain/run-input';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { readRun, writeCorpus } from '../helpers/run-files';
import { waitFor } from '../helpers/wait-for';
import { assertWorkerBuilt, killWorker, startWorker, type WorkerProcess } from '../helpers/worker-process';

const API_KEY = 'sk-augcon-batch-test-8c2a';
const BATCH_MS = 2000;

describe('a run in batch mode whose worker is killed while a batch is pending', () => {
  let harness: Harness;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    assertWorkerBuilt();
    harness = await createHarness('batch-mode', { standin: { batches: { completionMs: BATCH_MS } } });
  });
  afterAll(async () => {
    for (const worker of workers) await killWorker(worker);
    await harness?.close();
  });

  const datasetText = async (directory: string) => {
    const files = (await readdir(directory)).filter((file) => file.endsWith('.jsonl')).sort();
    return Promise.all(files.map(async (file) => [file, await readFile(join(directory, file), 'utf8')]));
  };

  it('completes with the dataset of a direct run and submits no request twice', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 6);
    const input: RunInput = { corpus: { paths: [corpus] }, seed: 11, scorer: { triplesPerType: 20 } };
    const direct = await harness.run(input, `${harness.name}-direct`);
    await harness.stopWorkers();
    expect(direct.batches).toBeUndefined();

    harness.standin.resetCalls();
    const dataDir = await mkdtemp(join(tmpdir(), 'augcon-batch-'));
    const taskQueue = `${harness.taskQueue}-batch`;
    const start = () => workers.push(startWorker(harness, { dataDir, taskQueue, apiKey: API_KEY }));
    start();
    const handle = await harness.augcon.startRun({ ...input, llm: { mode: 'batch', batchPollSeconds: 1 } }, { workflowId: `${harness.name}-batch`, taskQueue });
    const result = harness.augcon.result(handle.workflowId);

    // Killed while its first batch (the roots' first level) and its third are pending.
    for (const nth of [1, 3]) {
      await waitFor(() => harness.standin.batches().length >= nth && harness.standin.batches()[nth - 1]!.status === 'in_progress', {
        timeoutMs: 180_000,
        description: `batch ${nth} pending`,
      });
      await killWorker(workers.at(-1)!);
      start();
    }
    const summary = await result;

    // The dataset, candidates and counts of the direct run, byte for byte.
    expect(summary.candidates).toBe(direct.candidates);
    expect(summary.answers).toEqual(direct.answers);
    expect(await readFile(join(summary.runDirectory, 'candidates.jsonl'), 'utf8')).toBe(await readFile(join(direct.runDirectory, 'candidates.jsonl'), 'utf8'));
    expect(await datasetText(summary.dataset!.directory)).toEqual(await datasetText(direct.dataset!.directory));

    // Every request went through exactly one batch; none was called directly.
    const batches = harness.standin.batches();
    const submitted = batches.flatMap((batch) => batch.customIds);
    expect(new Set(submitted).size).toBe(submitted.length);
    const calls = harness.standin.calls().filter((call) => call.route.endsWith('completions'));
    expect(calls.filter((call) => call.batchId === undefined)).toEqual([]);
    expect(calls).toHaveLength(submitted.length);
    expect(batches.every((batch) => batch.status === 'completed')).toBe(true);
    expect(summary.batches).toEqual({ batches: batches.length, requests: submitted.length, answered: submitted.length, direct: 0 });
    const { manifest } = await readRun(summary.runDirectory);
    expect((manifest as unknown as { batches: unknown }).batches).toEqual(summary.batches);

    // One batch per tree level, then the negatives, self-improvement and the answers: more than the tree's depth.
    const depth = Math.max(...(await readRun(summary.runDirectory)).candidates.map((candidate) => candidate.depth));
    expect(batches.length).toBeGreaterThan(depth + 2);
    expect(workers).toHaveLength(3);
    const output = workers.flatMap((worker) => worker.output).join('');
    expect(output).not.toContain(API_KEY);
    console.log(`batch mode: ${batches.length} batches, ${submitted.length} requests, ${summary.durationSeconds} s with 2 kills (direct: ${direct.durationSeconds} s)`);
  });
});
