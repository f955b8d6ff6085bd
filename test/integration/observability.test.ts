/**
 * Observability of a real worker:
 * - a worker PROCESS with AUGCON_METRICS_PORT set runs a 2-document run against the stand-in; its
 *   /metrics endpoint counts exactly the chat calls the stand-in answered, their tokens, no call left in
 *   flight, and, after an identical second run, one cache hit per call of the first; Temporal's own
 *   worker metrics are served on AUGCON_TEMPORAL_METRICS_PORT; every stdout line is a JSON log line and
 *   activity lines carry workflowId, activityType and runName; neither the API key nor the store URL
 *   (AUGCON_STORE_URL, with a password) appears anywhere;
 * - in-process workers with tracing on (the prebuilt dist/workflow-bundle-otel.js) put the whole run in
 *   one trace, from the client's StartWorkflow to each RunActivity, with no secret in any span; that
 *   bundle replays a history recorded without it.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { OpenAiProvider } from '../../src/llm/openai-provider';
import { clientInterceptors, setupTracing, shutdownTracing } from '../../src/observability/tracing';
import { createAugconWorkers, WORKFLOW_BUNDLE_FILES } from '../../src/worker/create-workers';
import { AugconClient } from '../../src/client/augcon-client';
import { createHarness, temporalAddress, type Harness } from '../helpers/augcon-harness';
import { writeCorpus } from '../helpers/run-files';
import { waitFor } from '../helpers/wait-for';
import { assertWorkerBuilt, killWorker, startWorker, type WorkerProcess } from '../helpers/worker-process';

const API_KEY = 'sk-augcon-observability-test-3a9c71';
const STORE_PASSWORD = 'pg-observability-secret-5e2b';

/** The shared test PostgreSQL, with a password in the URL (trust auth ignores it) that must never be written. */
function storeUrlWithPassword(): string {
  const url = process.env.AUGCON_TEST_POSTGRES_URL;
  if (!url) throw new Error('AUGCON_TEST_POSTGRES_URL is not set: the integration global setup starts PostgreSQL and sets it');
  const withPassword = new URL(url);
  withPassword.password = STORE_PASSWORD;
  return withPassword.toString();
}
const ROOT = join(__dirname, '..', '..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The value of one series of Prometheus text (`name{labels}` exactly as written), undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.text();
}

describe('observability of a worker process', () => {
  let harness: Harness;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    assertWorkerBuilt();
    harness = await createHarness('observability', { startWorkers: false });
  });
  afterAll(async () => {
    if (worker) await killWorker(worker);
    await harness?.close();
  });

  it('serves LLM and Temporal metrics, and logs JSON lines with workflow ids and no secret', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 2);
    const temporalMetricsPort = await freePort();
    const taskQueue = `${harness.taskQueue}-process`;
    const storeUrl = storeUrlWithPassword();
    worker = startWorker(harness, {
      dataDir: join(harness.dataDir, 'worker'),
      taskQueue,
      apiKey: API_KEY,
      storeUrl,
      env: { AUGCON_METRICS_PORT: '0', AUGCON_TEMPORAL_METRICS_PORT: String(temporalMetricsPort), AUGCON_LOG_LEVEL: 'DEBUG', AUGCON_LOG_FORMAT: 'json' },
    });
    const stdout: string[] = [];
    worker.child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk.toString()));

    // The worker logs its metrics endpoint (port 0: a free one) when it is up.
    let metricsUrl = '';
    await waitFor(
      async () => {
        const match = /"metricsUrl":"(http:\/\/127\.0\.0\.1:\d+\/metrics)"/.exec(stdout.join(''));
        if (match) metricsUrl = match[1]!;
        return match !== null;
      },
      { timeoutMs: 60_000, intervalMs: 100, description: `the worker's start-up line with its metrics URL (output so far: ${worker.output.join('').slice(-2000)})` },
    );
    const before = await scrape(metricsUrl);
    expect(sample(before, 'augcon_llm_calls_total{outcome="ok"}')).toBe(0);
    expect(sample(before, 'augcon_llm_in_flight')).toBe(0);

    // The PostgreSQL store's response cache is shared with other tests: a seed of its own keeps it cold.
    const input = { corpus: { paths: [corpus] }, seed: 100_000 + Math.floor(Math.random() * 1_000_000_000) };
    const runName = `${harness.name}-first`;
    await harness.augcon.startRun({ ...input, runName }, { workflowId: runName, taskQueue });
    await harness.augcon.result(runName);

    const answered = harness.standin.calls().filter((call) => call.route === '/v1/chat/completions' && call.outcome === 'ok');
    expect(answered.length).toBeGreaterThan(0);
    const after = await scrape(metricsUrl);
    expect(sample(after, 'augcon_llm_calls_total{outcome="ok"}')).toBe(answered.length);
    expect(sample(after, 'augcon_llm_calls_total{outcome="cache_hit"}')).toBe(0);
    expect(sample(after, 'augcon_llm_tokens_total{kind="prompt"}')).toBe(answered.reduce((sum, call) => sum + call.promptTokens, 0));
    expect(sample(after, 'augcon_llm_tokens_total{kind="completion"}')).toBeGreaterThan(0);
    // What the stand-in reported served from its prompt cache (repeated prefixes), as the provider read it.
    expect(sample(after, 'augcon_llm_tokens_total{kind="cached_prompt"}')).toBe(answered.reduce((sum, call) => sum + call.cachedPromptTokens, 0));
    expect(sample(after, 'augcon_llm_tokens_total{kind="cached_prompt"}')).toBeGreaterThan(0);
    expect(sample(after, 'augcon_llm_in_flight')).toBe(0);
    expect(sample(after, 'augcon_llm_call_seconds_count{outcome="ok"}')).toBe(answered.length);
    expect(sample(after, 'augcon_llm_call_seconds_sum{outcome="ok"}')).toBeGreaterThan(0);
    expect(sample(after, 'augcon_llm_cache_misses_total')).toBe(answered.length);
    expect(after).toContain('augcon_process_resident_memory_bytes');
    expect(after).not.toMatch(/error_class=/); // no failures in this run

    // An identical run (another name) is answered by the response cache: one hit per call of the first.
    harness.standin.resetCalls();
    const again = `${harness.name}-again`;
    await harness.augcon.startRun({ ...input, runName: again }, { workflowId: again, taskQueue });
    await harness.augcon.result(again);
    expect(harness.standin.calls().filter((call) => call.route === '/v1/chat/completions')).toHaveLength(0);
    const cached = await scrape(metricsUrl);
    expect(sample(cached, 'augcon_llm_cache_hits_total')).toBe(answered.length);
    expect(sample(cached, 'augcon_llm_calls_total{outcome="cache_hit"}')).toBe(answered.length);
    expect(sample(cached, 'augcon_llm_calls_total{outcome="ok"}')).toBe(answered.length);
    expect(sample(cached, 'augcon_llm_in_flight')).toBe(0);

    // Temporal's own worker metrics, from the SDK core, on their own port.
    const temporal = await scrape(`http://127.0.0.1:${temporalMetricsPort}/metrics`);
    expect(temporal).toMatch(/^temporal_activity_execution_latency/m);
    expect(temporal).toContain(`task_queue="${taskQueue}-llm"`);

    // Every stdout line is a JSON log line; activity lines carry the workflow id, activity type and run.
    const lines = stdout.join('').split('\n').filter((line) => line.trim() !== '');
    const entries = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
    for (const entry of entries) expect(entry).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) }));
    const activityLines = entries.filter((entry) => entry.msg === 'Activity completed');
    expect(activityLines.length).toBeGreaterThan(0);
    for (const entry of activityLines) expect(entry).toEqual(expect.objectContaining({ workflowId: expect.any(String), activityType: expect.any(String), runName: expect.any(String) }));
    expect(activityLines.some((entry) => entry.runName === runName && String(entry.workflowId).startsWith(runName))).toBe(true);
    expect(activityLines.some((entry) => entry.taskQueue === `${taskQueue}-llm`)).toBe(true);

    // The key and the store URL given to the worker appear nowhere: not in its output, not in any metric.
    expect(worker.output.join('')).toContain('store: PostgreSQL 127.0.0.1');
    for (const text of [worker.output.join(''), after, cached, temporal]) {
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(STORE_PASSWORD);
      expect(text).not.toContain(storeUrl);
    }
  });
});

describe('tracing with AUGCON_OTEL', () => {
  const exporter = new InMemorySpanExporter();
  let harness: Harness;

  beforeAll(async () => {
    assertWorkerBuilt();
    harness = await createHarness('observability-traces', { startWorkers: false });
  });
  afterAll(async () => {
    await harness?.close();
    await shutdownTracing();
  });

  it('puts a run in one trace, from the client to every activity, without secrets', async () => {
    const tracing = setupTracing({ mode: 'on', serviceName: 'augcon-test', spanExporter: exporter, env: { AUGCON_LLM_API_KEY: API_KEY } })!;
    const connection = await Connection.connect({ address: temporalAddress() });
    const nativeConnection = await NativeConnection.connect({ address: temporalAddress() });
    const augcon = new AugconClient(new Client({ connection, interceptors: clientInterceptors({ AUGCON_OTEL: 'on' }) }));
    const provider = new OpenAiProvider({ baseUrl: harness.standin.baseUrl, apiKey: API_KEY, model: harness.config.llm.model });
    const workers = await createAugconWorkers({
      config: harness.config,
      connection: nativeConnection,
      namespace: 'default',
      provider,
      tracing,
      workflowBundle: { codePath: join(ROOT, 'dist', WORKFLOW_BUNDLE_FILES.tracing) },
    });
    const running = workers.run();
    try {
      const corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 1);
      const runName = `${harness.name}-traced`;
      await augcon.startRun({ corpus: { paths: [corpus] }, seed: 9, runName }, { workflowId: runName, taskQueue: harness.taskQueue });
      await augcon.result(runName);
      await tracing.spanProcessor.forceFlush();
    } finally {
      workers.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
    }

    const spans = exporter.getFinishedSpans();
    const start = spans.find((span) => span.name === 'StartWorkflow:augconRun');
    expect(start).toBeDefined();
    const traceId = start!.spanContext().traceId;
    const inTrace = spans.filter((span) => span.spanContext().traceId === traceId);
    const names = new Set(inTrace.map((span) => span.name));
    expect(names).toContain('RunWorkflow:augconRun');
    expect(names).toContain('StartChildWorkflow:cstRootWorkflow');
    expect(names).toContain('RunWorkflow:cstRootWorkflow');
    expect([...names].some((name) => name.startsWith('StartActivity:'))).toBe(true);
    expect([...names].some((name) => name.startsWith('RunActivity:'))).toBe(true);
    expect(inTrace.length).toBeGreaterThan(10);
    const serialized = JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, status: span.status })));
    expect(serialized).not.toContain(API_KEY);
  });

  it('the tracing bundle replays a history recorded without it', async () => {
    const history: unknown = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'histories', 'replay-answers.json'), 'utf8'));
    await expect(
      Worker.runReplayHistory({ workflowBundle: { codePath: join(ROOT, 'dist', WORKFLOW_BUNDLE_FILES.tracing) }, sinks: { exporter: { export: { fn: () => undefined } } } }, history, 'replay-answers'),
    ).resolves.toBeUndefined();
  });
});
