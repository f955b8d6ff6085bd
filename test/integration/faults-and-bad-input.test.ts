/**
 * Robustness on real Temporal: a run completes through injected LLM faults without losing a root,
 * and a corpus full of bad files yields one diagnostic per bad file and a normal run for the rest.
 */
import { join } from 'node:path';
import { freePort } from '../../src/dev-server/start-dev-server';
import { OpenAiProvider } from '../../src/llm/openai-provider';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { writeBadCorpus } from '../helpers/bad-corpus';
import { readRun, writeCorpus } from '../helpers/run-files';
import { waitFor } from '../helpers/wait-for';

describe('robustness', () => {
  let harness: Harness;
  beforeAll(async () => {
    // Without the response cache: the faulty run repeats the clean run's requests, which must reach the endpoint.
    harness = await createHarness('faults', { responseCache: 'off' });
  });
  afterAll(() => harness?.close());
  afterEach(() => harness.standin.setFaults([]));

  it('completes with 10% 429, 5% 500 and 2% malformed answers, and loses no root', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'fault-corpus'), 10);
    const clean = await harness.run({ corpus: { paths: [corpus] }, seed: 3, cst: { maxPasses: 1 } }, `${harness.name}-clean`);
    harness.standin.resetCalls();
    harness.standin.setFaults([
      { kind: 'malformed-content', rate: 0.02 },
      { kind: 'status', status: 429, rate: 0.1, retryAfterSeconds: 1 },
      { kind: 'status', status: 500, rate: 0.05 },
    ]);
    const summary = await harness.run({ corpus: { paths: [corpus] }, seed: 3, cst: { maxPasses: 1 } }, `${harness.name}-faulty`);

    const outcomes = harness.standin.calls().map((call) => call.outcome);
    expect(outcomes.filter((outcome) => outcome === 'fault:status').length).toBeGreaterThan(5);
    expect(outcomes).toContain('fault:malformed-content');

    const run = await readRun(summary.runDirectory);
    expect(summary.rootsFailed).toBe(0);
    expect(run.roots).toHaveLength(clean.roots);
    expect(run.roots.every((root) => root.error === undefined && root.candidates > 0)).toBe(true);
    expect(run.drops.filter((drop) => drop.reason === 'llm-call-failed')).toEqual([]);
    // A malformed answer is a fresh sample, so trees may differ a little, but nothing is lost.
    expect(summary.candidates).toBeGreaterThanOrEqual(clean.candidates * 0.9);
    expect(run.manifest.counts.parseRetries).toBeGreaterThan(0);
  });

  it('stops the run with an actionable message when the endpoint rejects the credentials', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'auth-corpus'), 2);
    harness.standin.setFaults([{ kind: 'status', status: 401 }]);
    const failure = await harness.run({ corpus: { paths: [corpus] } }, `${harness.name}-auth`).catch((error: unknown) => error as Error);
    expect(String((failure as Error & { cause?: Error }).cause?.message)).toMatch(/LlmAuthError.*AUGCON_LLM_/s);
  });

  it('fails the run when a call still cannot connect on its fifth attempt, naming the endpoint, when nothing listens at its URL', async () => {
    const baseUrl = `http://127.0.0.1:${await freePort()}/v1`;
    const closed = await createHarness('unreachable', {
      provider: { model: 'augcon-standin', create: async () => new OpenAiProvider({ baseUrl, apiKey: 'test-key', model: 'augcon-standin' }) },
    });
    try {
      const corpus = await writeCorpus(join(closed.dataDir, 'corpus'), 2);
      const failure = (await closed.run({ corpus: { paths: [corpus] } }).then(
        () => new Error('the run completed'),
        (error: unknown) => error as Error,
      )) as Error & { cause?: Error };
      const message = String(failure.cause?.message);
      expect(message).toMatch(/LlmUnreachable/);
      expect(message).toContain(`(${baseUrl}) on attempt 5 of this call`);
      expect(message).toMatch(/connect ECONNREFUSED 127\.0\.0\.1/);
      expect(message).toMatch(/AUGCON_LLM_BASE_URL/);
    } finally {
      await closed.close();
    }
  });

  it('cancelling a run aborts the HTTP requests of its in-flight LLM calls', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'cancel-corpus'), 3);
    harness.standin.resetCalls();
    harness.standin.setFaults([{ kind: 'hang' }]);
    const handle = await harness.augcon.startRun({ corpus: { paths: [corpus] }, orchestration: { llmHeartbeatTimeoutSeconds: 5 } }, { workflowId: `${harness.name}-cancel`, taskQueue: harness.taskQueue });
    await waitFor(() => harness.standin.calls().filter((call) => call.outcome === 'fault:hang').length >= 3, { description: 'three hanging LLM calls' });
    await harness.client.workflow.getHandle(handle.workflowId).cancel();
    await expect(harness.augcon.result(handle.workflowId)).rejects.toThrow();
    // Every hanging request was closed by the worker (the activity's cancellation signal reached fetch).
    await waitFor(() => harness.standin.calls().every((call) => call.endedAt !== undefined), { timeoutMs: 30_000, description: 'the hanging requests to be closed' });
  });

  it('falls back to the text format when the endpoint has no structured output', async () => {
    const plain = await createHarness('no-structured-output', { standin: { rejectStructuredOutput: true } });
    try {
      const corpus = await writeCorpus(join(plain.dataDir, 'corpus'), 2);
      const summary = await plain.run({ corpus: { paths: [corpus] }, cst: { maxPasses: 1 } });
      expect(summary.candidates).toBeGreaterThan(2);
      expect(summary.drops).toBe(0);
      const calls = plain.standin.calls();
      // One worker learns once (a rejected call per activity already in flight), then sends text prompts only.
      expect(calls.filter((call) => call.outcome === 'invalid-request').length).toBeLessThanOrEqual(16);
      expect(calls.filter((call) => call.outcome === 'ok' && call.kind === 'cst')).toHaveLength(summary.candidates);
    } finally {
      await plain.close();
    }
  });

  it('reports every bad input file once and runs the rest', async () => {
    const corpus = await writeBadCorpus(join(harness.dataDir, 'bad-corpus'));
    const summary = await harness.run({ corpus: { paths: [corpus.directory] }, cst: { maxPasses: 1 } }, `${harness.name}-bad-input`);
    const run = await readRun(summary.runDirectory);
    const errors = run.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    expect(Object.fromEntries(errors.map((diagnostic) => [diagnostic.path, diagnostic.code]))).toEqual(corpus.expectedErrors);
    expect(errors.find((diagnostic) => diagnostic.code === 'malformed-json')).toMatchObject({ path: 'records.jsonl', line: 2 });
    const warnings = run.diagnostics.filter((diagnostic) => diagnostic.severity === 'warning');
    expect(Object.fromEntries(warnings.map((diagnostic) => [diagnostic.path, diagnostic.code]))).toEqual(corpus.expectedWarnings);
    expect(summary.diagnostics).toEqual({ errors: errors.length, warnings: Object.keys(corpus.expectedWarnings).length });
    const documents = new Set(run.candidates.map((candidate) => candidate.docId.replace(/#.*/, '')));
    expect([...documents].sort()).toEqual([...corpus.goodFiles].sort());
  });
});
