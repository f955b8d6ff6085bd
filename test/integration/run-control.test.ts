/**
 * Run control on a real run: a token budget pauses the run at the cap (the status and the UI's search
 * attributes say why) and raising it completes the run; the operator pauses (no new call starts),
 * changes the roots in flight and resumes; a graceful stop finishes what is in flight (whole trees, as
 * an uninterrupted run grows them; a first attempt the stop cancelled still delivers its reply) and
 * exports it; a stop of a run whose calls only retry cancels those retries at once.
 */
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { createHarness, temporalAddress, type Harness } from '../helpers/augcon-harness';
import { cli } from '../helpers/cli';
import { readRun, writeCorpus } from '../helpers/run-files';
import { waitFor } from '../helpers/wait-for';

/** Waits until the stand-in has seen no new call for `quietMs`, then returns the count. */
async function settledCalls(harness: Harness, quietMs = 1500): Promise<number> {
  let last = -1;
  let since = Date.now();
  await waitFor(
    () => {
      const count = harness.standin.calls().length;
      if (count !== last) {
        last = count;
        since = Date.now();
      }
      return Date.now() - since >= quietMs;
    },
    { timeoutMs: 60_000, intervalMs: 100, description: 'the LLM calls in flight to finish' },
  );
  return last;
}

/** The CST nodes (kept and dropped) of the given roots in a run's files: the shape of their trees. */
function treeNodes(run: Awaited<ReturnType<typeof readRun>>, rootIds: readonly string[]): Record<string, string[]> {
  const drops = run.drops as unknown as { rootId: string; pass: number; path: string; reason: string }[];
  return Object.fromEntries(
    rootIds.map((rootId) => [
      rootId,
      [
        ...run.candidates.filter((node) => node.rootId === rootId).map((node) => `${node.pass}/${node.path} kept${node.leafReason ? `, leaf: ${node.leafReason}` : ''}`),
        ...drops.filter((node) => node.rootId === rootId).map((node) => `${node.pass}/${node.path} dropped: ${node.reason}`),
      ].sort(),
    ]),
  );
}

const CANCEL_REQUESTED = temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED;

/** The states of a workflow's pending activities (scheduled, started, cancel requested). */
async function pendingActivityStates(harness: Harness, workflowId: string): Promise<number[]> {
  const description = await harness.client.workflow.getHandle(workflowId).describe();
  return (description.raw.pendingActivities ?? []).map((activity) => activity.state ?? 0);
}

/** How often the stand-in saw the request it saw most often (a retried call sends the same body). */
function maxAttemptsOfOneRequest(harness: Harness): number {
  const seen = new Map<string, number>();
  for (const call of harness.standin.calls()) seen.set(call.bodyHash, (seen.get(call.bodyHash) ?? 0) + 1);
  return Math.max(0, ...seen.values());
}

async function searchAttribute(handle: WorkflowHandle, name: string): Promise<unknown> {
  const description = await handle.describe();
  return (description.searchAttributes as Record<string, unknown[] | undefined>)[name]?.[0];
}

describe('run control', () => {
  let harness: Harness;
  let corpus: string;
  beforeAll(async () => {
    process.env.TEMPORAL_ADDRESS = temporalAddress();
    harness = await createHarness('run-control');
    corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 6);
  });
  afterAll(async () => {
    delete process.env.TEMPORAL_ADDRESS;
    await harness?.close();
  });
  beforeEach(() => harness.standin.resetCalls());
  afterEach(() => harness.standin.setLatency(0));

  it('pauses at the token budget, says why, and completes after the budget is raised', async () => {
    harness.standin.setLatency(50);
    const runName = `${harness.name}-budget`;
    await harness.augcon.startRun(
      { corpus: { paths: [corpus] }, seed: 31, budget: { maxTokens: 15_000 }, orchestration: { maxConcurrentRoots: 1, maxConcurrentNegatives: 1, maxConcurrentExamples: 1 } },
      { workflowId: runName, taskQueue: harness.taskQueue },
    );
    const handle = harness.client.workflow.getHandle(runName);
    await waitFor(async () => (await harness.augcon.progress(runName)).control?.pausedForBudget === true, {
      timeoutMs: 60_000,
      description: 'the run to pause at its token budget',
    });
    const paused = await settledCalls(harness);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(harness.standin.calls()).toHaveLength(paused);

    const progress = await harness.augcon.progress(runName);
    expect(progress.control).toMatchObject({ paused: true, pausedForBudget: true });
    expect(progress.control!.pauseReason).toMatch(/^token budget of 15000 reached/);
    expect(progress.tokens.totalTokens).toBeGreaterThanOrEqual(15_000);
    await waitFor(async () => (await searchAttribute(handle, 'AugconStatus')) === 'paused-budget', { timeoutMs: 10_000, description: 'the search attribute' });
    expect(await searchAttribute(handle, 'AugconStage')).toBe('generating');
    const status = await cli(['status', runName]);
    expect(status.stdout).toContain('PAUSED: token budget of 15000 reached');
    // Resuming does not override the budget.
    await harness.augcon.resume(runName);
    expect((await harness.augcon.progress(runName)).control?.paused).toBe(true);

    const raised = await cli(['budget', runName, '--max-tokens', '100000000']);
    expect(raised.stdout).toContain('budget now 100000000 tokens');
    const summary = await harness.augcon.result(runName);
    expect(summary.answers!.answered).toBeGreaterThan(0);
    expect(await searchAttribute(handle, 'AugconStatus')).toBe('completed');
  });

  it('pauses for the operator, takes a new number of roots in flight, and resumes', async () => {
    harness.standin.setLatency(100);
    const runName = `${harness.name}-pause`;
    await harness.augcon.startRun({ corpus: { paths: [corpus] }, seed: 32, orchestration: { maxConcurrentRoots: 1, maxConcurrentNegatives: 1, maxConcurrentExamples: 1 } }, { workflowId: runName, taskQueue: harness.taskQueue });
    await waitFor(() => harness.standin.calls().length >= 5, { timeoutMs: 30_000, description: 'the first calls' });
    expect((await cli(['pause', runName])).code).toBe(0);
    const paused = await settledCalls(harness);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(harness.standin.calls()).toHaveLength(paused);
    expect((await harness.augcon.progress(runName)).control?.pauseReason).toMatch(/paused by the operator/);

    expect((await cli(['concurrency', runName, '4'])).stdout).toContain('4 roots in flight');
    expect((await harness.augcon.progress(runName)).control?.maxConcurrentRoots).toBe(4);
    expect((await cli(['resume', runName])).code).toBe(0);
    const summary = await harness.augcon.result(runName);
    expect(summary.stopped).toBeUndefined();
    expect(summary.rootsFailed).toBe(0);
  });

  it('stops gracefully: work in flight finishes, what is done is exported, later stages are skipped', async () => {
    // The first call is slower than the heartbeat throttle (0.8 x the heartbeat timeout), so the stop's
    // cancellation reaches its activity while the call is in flight: a first attempt finishes anyway.
    harness.standin.setLatency(10_000);
    const runName = `${harness.name}-stop`;
    await harness.augcon.startRun(
      { corpus: { paths: [corpus] }, seed: 33, orchestration: { maxConcurrentRoots: 1, maxConcurrentNegatives: 1, maxConcurrentExamples: 1, llmHeartbeatTimeoutSeconds: 10 } },
      { workflowId: runName, taskQueue: harness.taskQueue },
    );
    await waitFor(() => harness.standin.calls().some((call) => call.outcome === 'pending'), { description: 'the first call in flight' });
    expect((await cli(['stop', runName])).code).toBe(0);
    await waitFor(async () => (await pendingActivityStates(harness, `${runName}/root-0`)).includes(CANCEL_REQUESTED), {
      description: 'the stop to cancel the call in flight',
    });
    await waitFor(() => harness.standin.calls()[0]!.outcome !== 'pending', { description: 'the first call to end' });
    harness.standin.setLatency(0);
    const summary = await harness.augcon.result(runName);
    expect(harness.standin.calls()[0]!.outcome).toBe('ok');
    expect(summary.stopped).toBe(true);
    expect(summary.stoppedCalls).toBe(0);
    expect(summary.roots).toBe(6);
    const run = await readRun(summary.runDirectory);
    const rootsDone = run.roots.map((root) => root.rootId);
    expect(rootsDone).toHaveLength(1);
    expect(run.candidates.length).toBeGreaterThan(0);
    expect(summary.filter).toBeUndefined();
    expect(summary.answers).toBeUndefined();
    expect((run.manifest as unknown as { stopped: boolean }).stopped).toBe(true);

    // Every root that started finished its tree: no node of a root without an outcome is exported, and
    // each finished root's nodes are exactly those of the same root in a run that was not stopped
    // (same corpus and seed, so the same replies; one pass, as the stopped run did before filtering).
    expect(run.candidates.filter((candidate) => !rootsDone.includes(candidate.rootId)).map((candidate) => candidate.rootId)).toEqual([]);
    harness.standin.setLatency(0);
    const whole = await harness.run(
      { corpus: { paths: [corpus] }, seed: 33, cst: { maxPasses: 1 }, scorer: { enabled: false }, answers: { enabled: false } },
      `${runName}-not-stopped`,
    );
    expect(treeNodes(run, rootsDone)).toEqual(treeNodes(await readRun(whole.runDirectory), rootsDone));
  });

  it('stops a run whose calls only retry: calls waiting to retry are cancelled, none is retried after the stop', async () => {
    harness.standin.setFaults([{ kind: 'status', status: 503, routes: ['/v1/chat/completions'] }]);
    try {
      const runName = `${harness.name}-stop-retrying`;
      await harness.augcon.startRun(
        { corpus: { paths: [corpus] }, seed: 34, orchestration: { maxConcurrentRoots: 2, llmMaxAttempts: 10 } },
        { workflowId: runName, taskQueue: harness.taskQueue },
      );
      // Some call has been tried twice: it is retrying (and would go on for minutes, 10 attempts with backoff).
      await waitFor(() => maxAttemptsOfOneRequest(harness) >= 2, { description: 'a call to be retried' });
      const attemptsAtStop = maxAttemptsOfOneRequest(harness);
      expect((await cli(['stop', runName])).code).toBe(0);
      const summary = await harness.augcon.result(runName);
      expect(summary.stopped).toBe(true);
      expect(summary.stoppedCalls).toBeGreaterThanOrEqual(1);
      expect(summary.candidates).toBe(0);
      // At most the attempt that was due when the stop arrived was made after it; nothing retried for long.
      expect(maxAttemptsOfOneRequest(harness)).toBeLessThanOrEqual(attemptsAtStop + 1);
      const run = await readRun(summary.runDirectory);
      expect(run.roots.length).toBeGreaterThan(0);
      expect(run.roots.length).toBeLessThanOrEqual(2);
    } finally {
      harness.standin.setFaults([]);
    }
  });
});
