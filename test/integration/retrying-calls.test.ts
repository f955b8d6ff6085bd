/**
 * A run whose LLM calls Temporal retries says so: `augcon status` (text and --json) and the waiting
 * progress of `augcon run` name the latest failure's class and attempt, against the stand-in answering
 * HTTP 500 to every call; once it is healthy again the run completes.
 */
import { join } from 'node:path';
import type { RetryingCalls } from '../../src/client/retrying-calls-summary';
import { EXIT } from '../../src/cli/exit-codes';
import type { ProgressView } from '../../src/cli/progress-bar';
import { waitForRun } from '../../src/cli/wait-for-run';
import { createHarness, temporalAddress, type Harness } from '../helpers/augcon-harness';
import { cli } from '../helpers/cli';
import { writeCorpus } from '../helpers/run-files';
import { waitFor } from '../helpers/wait-for';

const RETRYING_LINE = /retrying (\d+) LLM calls?; latest: LlmServerError on attempt (\d+): LLM endpoint answered HTTP 500/;

describe('retrying LLM calls', () => {
  let harness: Harness;
  beforeAll(async () => {
    process.env.TEMPORAL_ADDRESS = temporalAddress();
    // No response cache, and a seed of its own: every call reaches the failing stand-in.
    harness = await createHarness('retrying-calls', { responseCache: 'off' });
  });
  afterAll(async () => {
    delete process.env.TEMPORAL_ADDRESS;
    await harness?.close();
  });

  it('shows the latest LLM failure with its class and attempt in status and progress while Temporal retries', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 2);
    const workflowId = `${harness.name}-run`;
    harness.standin.setFaults([{ kind: 'status', status: 500 }]);
    await harness.augcon.startRun({ corpus: { paths: [corpus] }, seed: 9_417, cst: { maxPasses: 1 } }, { workflowId, taskQueue: harness.taskQueue });
    const lines: (string | undefined)[] = [];
    const view: ProgressView = { update: (_progress, retrying) => void lines.push(retrying), stop: () => undefined, shown: true };
    const waiting = waitForRun(harness.augcon, workflowId, view, { pollMs: 200, retryingRefreshMs: 1000 });
    waiting.catch(() => undefined); // awaited below; this only keeps an early rejection from being unhandled
    try {
      let text = '';
      await waitFor(
        async () => {
          const status = await cli(['status', workflowId]);
          text = status.stdout;
          return status.code === EXIT.ok && RETRYING_LINE.test(text);
        },
        { timeoutMs: 60_000, intervalMs: 500, description: `augcon status ${workflowId} to show a retrying LLM call` },
      );
      const [, count, attempt] = RETRYING_LINE.exec(text) ?? [];
      expect(Number(count)).toBeGreaterThanOrEqual(1);
      expect(Number(attempt)).toBeGreaterThanOrEqual(2);
      expect(text).toMatch(/^Run .* is running since /);

      const json = await cli(['status', workflowId, '--json']);
      const { retrying } = JSON.parse(json.stdout) as { retrying: RetryingCalls };
      expect(retrying.retrying).toBeGreaterThanOrEqual(1);
      expect(retrying.complete).toBe(true);
      expect(retrying.workflowsDescribed).toBeGreaterThanOrEqual(2); // the run and a CST root workflow at least
      expect(retrying.latest).toMatchObject({ type: 'LlmServerError', activityType: expect.any(String) as string, workflowId: expect.stringContaining(`${workflowId}/`) as string });
      expect(retrying.latest?.attempt).toBeGreaterThanOrEqual(2);

      // The waiting `augcon run` shows the same line.
      await waitFor(() => lines.some((line) => line !== undefined && RETRYING_LINE.test(line)), { timeoutMs: 30_000, description: 'the progress view to show the retrying call' });
    } catch (error) {
      // Nothing left running: the run is terminated (the wait then ends too).
      harness.standin.setFaults([]);
      await harness.client.workflow.getHandle(workflowId).terminate('retrying-calls test failed').catch(() => undefined);
      await waiting.catch(() => undefined);
      throw error;
    }
    // Healthy again: the retries succeed and the run completes; status no longer mentions retries.
    harness.standin.setFaults([]);
    const summary = await waiting;
    expect(summary.rootsFailed).toBe(0);
    const after = await cli(['status', workflowId, '--json']);
    expect(JSON.parse(after.stdout)).toMatchObject({ status: 'COMPLETED' });
    expect(after.stdout).not.toContain('"retrying"');
  });
});
