/**
 * Scale-out proof (issue 6): two worker processes on one task queue, one dev server and one
 * PostgreSQL store; one is SIGKILLed mid-run. The run completes, and the store holds exactly the rows
 * of a single-worker run with the same seed: no duplicate, no missing row, the same content.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresRunStore } from '../../src/store/postgres-run-store';
import type { RunStore } from '../../src/store/run-store';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { writeCorpus } from '../helpers/run-files';
import { waitFor } from '../helpers/wait-for';
import { assertWorkerBuilt, killWorker, startWorker, type WorkerProcess } from '../helpers/worker-process';

const API_KEY = 'sk-augcon-multi-worker-test-93f0';
/** Both runs share one store: without this the second would be answered from the first's response cache. */
const NO_CACHE = { AUGCON_LLM_CACHE: 'off' };

function postgresUrl(): string {
  const url = process.env.AUGCON_TEST_POSTGRES_URL;
  if (!url) throw new Error('AUGCON_TEST_POSTGRES_URL is not set: the integration global setup starts PostgreSQL and sets it');
  return url;
}

/** Everything the run wrote that the dataset depends on, without timestamps (they differ by design). */
async function runRows(store: RunStore, runName: string) {
  const candidates = (await store.listCandidates(runName)).map(({ createdAt: _createdAt, ...row }) => row);
  const drops = (await store.listDrops(runName)).map(({ createdAt: _createdAt, ...row }) => row);
  return {
    candidates,
    drops,
    outcomes: await store.listRootOutcomes(runName),
    triples: await store.listTriples(runName),
    decisions: await store.listFilterDecisions(runName),
    traces: await store.listExampleTraces(runName),
    answers: await store.listAnswers(runName, true),
  };
}

describe('two workers on one task queue and one PostgreSQL store, one of them killed', () => {
  let harness: Harness;
  let store: RunStore;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    assertWorkerBuilt();
    harness = await createHarness('multi-worker', { maxInFlight: 16 });
    await harness.stopWorkers();
    store = await openPostgresRunStore(postgresUrl());
  });
  afterAll(async () => {
    for (const worker of workers) await killWorker(worker);
    await store?.close();
    await harness?.close();
  });

  it('completes with the same rows as a single-worker run, none duplicated or missing', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 20);
    const input = { corpus: { paths: [corpus] }, seed: 21, orchestration: { llmHeartbeatTimeoutSeconds: 3, maxConcurrentRoots: 20 } };
    const storeUrl = postgresUrl();
    harness.standin.setLatency(100);

    const single = `${harness.name}-single`;
    const soloQueue = `${harness.taskQueue}-single`;
    workers.push(startWorker(harness, { dataDir: await mkdtemp(join(tmpdir(), 'augcon-solo-')), taskQueue: soloQueue, apiKey: API_KEY, storeUrl, env: NO_CACHE }));
    await harness.augcon.startRun({ ...input, runName: single }, { workflowId: single, taskQueue: soloQueue });
    const baseline = await harness.augcon.result(single);
    await killWorker(workers[0]!);

    harness.standin.resetCalls();
    const pair = `${harness.name}-pair`;
    const pairQueue = `${harness.taskQueue}-pair`;
    const first = startWorker(harness, { dataDir: await mkdtemp(join(tmpdir(), 'augcon-pair-a-')), taskQueue: pairQueue, apiKey: API_KEY, storeUrl, env: NO_CACHE });
    const second = startWorker(harness, { dataDir: await mkdtemp(join(tmpdir(), 'augcon-pair-b-')), taskQueue: pairQueue, apiKey: API_KEY, storeUrl, env: NO_CACHE });
    workers.push(first, second);
    await harness.augcon.startRun({ ...input, runName: pair }, { workflowId: pair, taskQueue: pairQueue });
    const result = harness.augcon.result(pair);
    await waitFor(() => harness.standin.calls().filter((call) => call.outcome === 'ok').length >= 80, { timeoutMs: 120_000, description: '80 answered LLM calls' });
    await killWorker(first);
    const summary = await result;

    expect(summary.candidates).toBe(baseline.candidates);
    expect(summary.filter).toEqual(baseline.filter);
    expect(summary.answers).toMatchObject({ questions: baseline.answers!.questions, answered: baseline.answers!.answered, failed: 0 });
    const expected = await runRows(store, single);
    const actual = await runRows(store, pair);
    expect(actual.candidates.length).toBeGreaterThan(50);
    for (const table of Object.keys(expected) as (keyof typeof expected)[]) {
      expect({ table, rows: actual[table] }).toEqual({ table, rows: expected[table] });
    }
    // Both workers took part before the kill (both polled the queue), and neither printed the key.
    const output = workers.flatMap((worker) => worker.output).join('');
    expect(output).toContain('store: PostgreSQL 127.0.0.1');
    expect(output).not.toContain(API_KEY);
  });
});
