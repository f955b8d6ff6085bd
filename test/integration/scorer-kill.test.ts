/**
 * Durable scorer training: the worker process is killed with SIGKILL in the middle of training, and a
 * new worker resumes from the checkpoint of the last finished epoch (the manifest says which), ending
 * with the same kept questions as an uninterrupted run. While it trains, the run's progress shows the
 * scorer stage's phase.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCORER_ARTIFACTS } from '../../src/activities/scorer-activities';
import { openSqliteRunStore, STORE_FILE } from '../../src/store/sqlite-run-store';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { readRun, writeCorpus } from '../helpers/run-files';
import { waitFor } from '../helpers/wait-for';
import { assertWorkerBuilt, killWorker, startWorker, type WorkerProcess } from '../helpers/worker-process';

const API_KEY = 'sk-augcon-scorer-kill-test-77c1';
const EPOCHS = 100;

/** The epoch of the run's checkpoint in the worker's store (its first line is a JSON header), 0 before the first. */
async function checkpointEpoch(dataDir: string, runName: string): Promise<number> {
  const file = join(dataDir, STORE_FILE);
  if (!existsSync(file)) return 0;
  const store = openSqliteRunStore(file);
  try {
    const text = await store.getArtifact(runName, SCORER_ARTIFACTS.checkpoint);
    return text === undefined ? 0 : (JSON.parse(text.slice(0, text.indexOf('\n'))) as { epochsDone: number }).epochsDone;
  } finally {
    await store.close();
  }
}

describe('a run whose worker is killed during scorer training', () => {
  let harness: Harness;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    assertWorkerBuilt();
    harness = await createHarness('scorer-kill');
  });
  afterAll(async () => {
    for (const worker of workers) await killWorker(worker);
    await harness?.close();
  });

  it('resumes training at the epoch of its last checkpoint and keeps the same questions', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 50);
    const input = {
      corpus: { paths: [corpus] },
      seed: 13,
      scorer: { epochs: EPOCHS },
      orchestration: { trainingHeartbeatTimeoutSeconds: 3 },
    };
    const baseline = await harness.run(input, `${harness.name}-baseline`);
    await harness.stopWorkers();

    const dataDir = await mkdtemp(join(tmpdir(), 'augcon-scorer-kill-'));
    const taskQueue = `${harness.taskQueue}-killed`;
    const runName = `${harness.name}-killed`;
    workers.push(startWorker(harness, { dataDir, taskQueue, apiKey: API_KEY }));
    const handle = await harness.augcon.startRun({ ...input, runName }, { workflowId: runName, taskQueue });
    const result = harness.augcon.result(handle.workflowId);

    const phases = new Set<string>();
    await waitFor(
      async () => {
        const progress = await harness.augcon.progress(handle.workflowId);
        if (progress.scorer) phases.add(progress.scorer.phase);
        return (await checkpointEpoch(dataDir, runName)) >= 2;
      },
      { timeoutMs: 120_000, intervalMs: 10, description: 'two epochs of scorer training' },
    );
    await killWorker(workers[0]!);
    const killedAfterEpoch = await checkpointEpoch(dataDir, runName);
    expect(killedAfterEpoch).toBeGreaterThanOrEqual(2);
    expect(killedAfterEpoch).toBeLessThan(EPOCHS);
    expect(phases).toContain('training');

    workers.push(startWorker(harness, { dataDir, taskQueue, apiKey: API_KEY }));
    const summary = await result;
    const manifest = (await readRun(summary.runDirectory)).manifest as unknown as { scorer: { resumedFromEpoch: number; lossPerEpoch: { epoch: number }[] } };
    expect(manifest.scorer.resumedFromEpoch).toBe(killedAfterEpoch);
    expect(manifest.scorer.lossPerEpoch.map((epoch) => epoch.epoch)).toEqual(Array.from({ length: EPOCHS }, (_, index) => index + 1));

    // Training resumed from the checkpoint gives the same scorer, hence the same kept questions.
    expect(summary.filter).toEqual(baseline.filter);
    expect(await readFile(join(summary.runDirectory, 'filtered.jsonl'), 'utf8')).toBe(await readFile(join(baseline.runDirectory, 'filtered.jsonl'), 'utf8'));
    expect(workers.flatMap((worker) => worker.output).join('')).not.toContain(API_KEY);
    console.log(`scorer kill test: killed after epoch ${killedAfterEpoch} of ${EPOCHS}; progress phases seen: ${[...phases].join(', ')}`);
  });
});
