/**
 * Durability: the worker process is killed with SIGKILL three times during a run on 50 documents with
 * 200 ms stand-in latency. The run still completes with exactly the candidates of an uninterrupted run
 * with the same seed, and the stand-in's call log shows no completed call paid twice beyond the calls
 * in flight at each kill; the tokens the workflows charged to the budget are the store's to the token.
 * The worker's output never contains the API key.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallRecord } from '../../src/standin/server';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { writeCorpus } from '../helpers/run-files';
import { waitFor } from '../helpers/wait-for';
import { assertWorkerBuilt, killWorker, startWorker as startWorkerProcess, type WorkerProcess } from '../helpers/worker-process';

const API_KEY = 'sk-augcon-kill-test-5d1e';

const startWorker = (harness: Harness, dataDir: string, taskQueue: string) => startWorkerProcess(harness, { dataDir, taskQueue, apiKey: API_KEY });
const kill = killWorker;

/** Calls that were (or may have been) in flight when the worker died: started before, not finished well before. */
function inFlightAt(calls: CallRecord[], killedAt: number): number {
  return calls.filter((call) => call.startedAt <= killedAt && (call.endedAt === undefined || call.endedAt >= killedAt - 500)).length;
}

describe('a run whose worker is killed three times', () => {
  let harness: Harness;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    assertWorkerBuilt();
    harness = await createHarness('worker-kill', { maxInFlight: 16 });
  });
  afterAll(async () => {
    for (const worker of workers) await kill(worker);
    await harness?.close();
  });

  it('completes with the same candidates as an uninterrupted run and pays no finished call twice', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 50);
    const input = {
      corpus: { paths: [corpus] },
      seed: 42,
      orchestration: { llmHeartbeatTimeoutSeconds: 5, maxConcurrentRoots: 20 },
    };
    const started = Date.now();
    const baseline = await harness.run(input, `${harness.name}-baseline`);
    const baselineSeconds = (Date.now() - started) / 1000;
    await harness.stopWorkers();

    harness.standin.resetCalls();
    harness.standin.setLatency(200);
    const dataDir = await mkdtemp(join(tmpdir(), 'augcon-kill-'));
    const taskQueue = `${harness.taskQueue}-killed`;
    workers.push(startWorker(harness, dataDir, taskQueue));
    const handle = await harness.augcon.startRun(input, { workflowId: `${harness.name}-killed`, taskQueue });
    const result = harness.augcon.result(handle.workflowId);

    const kills: number[] = [];
    for (const threshold of [60, 160, 260]) {
      await waitFor(() => harness.standin.calls().filter((call) => call.outcome === 'ok').length >= threshold, {
        timeoutMs: 120_000,
        description: `${threshold} answered LLM calls`,
      });
      await kill(workers.at(-1)!);
      kills.push(Date.now());
      workers.push(startWorker(harness, dataDir, taskQueue));
    }
    const summary = await result;
    const timeline = kills.map((killedAt) => ((killedAt - kills[0]!) / 1000).toFixed(1)).join(', ');

    // Same candidates, byte for byte, as the uninterrupted run with the same seed.
    const expected = await readFile(join(baseline.runDirectory, 'candidates.jsonl'), 'utf8');
    const actual = await readFile(join(summary.runDirectory, 'candidates.jsonl'), 'utf8');
    expect(summary.candidates).toBe(baseline.candidates);
    expect(actual).toBe(expected);
    expect(summary.rootsFailed).toBe(0);
    // One account across the kills: the budget's (what the workflows charged) is the store's, to the token.
    expect((await harness.augcon.progress(handle.workflowId)).tokens).toStrictEqual(summary.tokens);

    // No finished call paid twice beyond those in flight at the kills.
    const calls = harness.standin.calls();
    const answered = new Map<string, number>();
    for (const call of calls) if (call.outcome === 'ok') answered.set(call.bodyHash, (answered.get(call.bodyHash) ?? 0) + 1);
    const paidTwice = [...answered.values()].reduce((sum, count) => sum + count - 1, 0);
    const inFlight = kills.reduce((sum, killedAt) => sum + inFlightAt(calls, killedAt), 0);
    expect(paidTwice).toBeLessThanOrEqual(inFlight);
    expect(calls.filter((call) => call.outcome === 'ok').length).toBeLessThanOrEqual(answered.size + inFlight);

    // Four worker processes ran (three were killed); none printed the API key.
    expect(workers).toHaveLength(4);
    const output = workers.flatMap((worker) => worker.output).join('');
    expect(output).toContain('augcon worker');
    expect(output).not.toContain(API_KEY);
    console.log(
      `kill test: baseline ${baselineSeconds} s; killed run ${summary.durationSeconds} s (kills at +${timeline} s); ` +
        `${calls.length} calls, ${answered.size} distinct answered, ${paidTwice} paid twice, ${inFlight} in flight at the 3 kills`,
    );
  });
});
