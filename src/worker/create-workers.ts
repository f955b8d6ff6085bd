/**
 * The augcon worker: two Temporal workers in one process sharing one connection.
 * - `<taskQueue>`: the workflows and the store/file activities;
 * - `<taskQueue>-llm`: the LLM call activities, whose concurrency is the LLM calls in flight and whose
 *   task-queue rate limit (calls per second) holds across every worker of the queue.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { type ActivityInterceptorsFactory, bundleWorkflowCode, type NativeConnection, Runtime, Worker, type WorkerOptions, type WorkflowBundleOption } from '@temporalio/worker';
import { createIoActivities, createLlmActivities } from '../activities';
import { llmTaskQueue } from '../domain/task-queues';
import { withAdaptiveConcurrency } from '../llm/adaptive-concurrency';
import { withBatchDeferral } from '../llm/batch-deferral';
import { withResponseCache } from '../llm/caching-provider';
import { withMetrics } from '../llm/instrumented-provider';
import type { ChatProvider } from '../llm/provider';
import { runNameLogAttributes } from '../observability/activity-log-attributes';
import type { LlmMetrics } from '../observability/llm-metrics';
import { tracingActivityInterceptors, tracingSinks, WORKFLOW_INTERCEPTORS_MODULE, type Tracing } from '../observability/tracing';
import type { RunStore } from '../store/run-store';
import { openRunStore, storeUrlFromEnv } from '../store/open-run-store';
import { llmActivitySlots, llmCallsInFlight, type WorkerConfig } from './worker-config';
import { deploymentOptions, deploymentVersionOf, makeCurrentVersion, type DeploymentVersion } from './worker-versioning';
import type { DataConverter } from '@temporalio/common';

export interface AugconWorkerOptions {
  config: WorkerConfig;
  connection: NativeConnection;
  namespace: string;
  provider: ChatProvider;
  /** Defaults to AUGCON_STORE_URL's PostgreSQL, else the SQLite store in `<dataDir>/augcon.sqlite`. */
  store?: RunStore;
  /**
   * A prebuilt workflow bundle (npm run build writes dist/workflow-bundle.js, and
   * dist/workflow-bundle-otel.js with the tracing interceptors); bundled at start-up otherwise. With
   * `tracing`, a bundle given here must include src/observability/workflow-interceptors for workflow spans.
   */
  workflowBundle?: WorkflowBundleOption;
  /** Records every LLM call (outside the response cache, so hits count) in these metrics. Unset: none. */
  llmMetrics?: LlmMetrics;
  /** OpenTelemetry tracing (setupTracing): workflow and activity spans. Unset: none. */
  tracing?: Tracing;
  /**
   * Payload encryption (src/codec): both workers encode and decode with it. Unset: plain JSON payloads.
   * With a `failureConverterPath`, `workflowBundle` and the prebuilt bundles are not used: the workflows
   * are bundled at start-up with that failure converter.
   */
  dataConverter?: DataConverter;
}

export interface AugconWorkers {
  store: RunStore;
  /** The deployment version the workers poll as (worker-versioning.ts); undefined with AUGCON_WORKER_VERSIONING=off. */
  version: DeploymentVersion | undefined;
  /**
   * Resolves once new runs start on this build (after run() is called): true when this start made it
   * current, false when it already was or is left to an operator. Rejects when it cannot be made current.
   */
  ready: Promise<boolean>;
  /** Resolves when both workers have shut down. */
  run(): Promise<void>;
  shutdown(): void;
}

/**
 * The backend behind the worker's limit of LLM calls in flight (the activity slots are more:
 * llmActivitySlots). Adaptive (llm.adaptiveConcurrency, on by default): between llm.minInFlight and
 * llmCallsInFlight, every change to the metrics and a lowered limit to the log; off: llmCallsInFlight always.
 */
function adaptiveProvider(provider: ChatProvider, config: WorkerConfig, metrics: LlmMetrics | undefined): ChatProvider {
  const max = llmCallsInFlight(config);
  metrics?.concurrencyLimit.set(max);
  if (config.llm.adaptiveConcurrency === 'off') return withAdaptiveConcurrency(provider, { min: max, max, initial: max });
  const settings = { min: Math.min(config.llm.minInFlight, max), max };
  return withAdaptiveConcurrency(provider, settings, (change) => {
    metrics?.concurrencyLimit.set(change.limit);
    if (change.cause === undefined) return;
    metrics?.concurrencyDecreases.inc({ cause: change.cause });
    Runtime.instance().logger.info(`LLM calls in flight lowered to ${change.limit} of ${max} after ${change.cause}`, { limit: change.limit, cause: change.cause });
  });
}

/** The prebuilt bundles of `npm run build` (src/worker/bundle-workflows.ts), relative to dist/. */
export const WORKFLOW_BUNDLE_FILES = { plain: 'workflow-bundle.js', tracing: 'workflow-bundle-otel.js' } as const;

/** AUGCON_WORKFLOW_BUNDLE, else the build's bundle (the one with the tracing interceptors when `tracing`). */
export function defaultWorkflowBundlePath(variant: keyof typeof WORKFLOW_BUNDLE_FILES = 'plain'): string | undefined {
  const fromEnv = process.env.AUGCON_WORKFLOW_BUNDLE;
  if (fromEnv) return fromEnv;
  const built = join(__dirname, '..', '..', WORKFLOW_BUNDLE_FILES[variant]);
  return __filename.endsWith('.js') && existsSync(built) ? built : undefined;
}

export async function createAugconWorkers(options: AugconWorkerOptions): Promise<AugconWorkers> {
  const { config, connection, namespace, provider, tracing } = options;
  const store = options.store ?? (await openRunStore({ dataDir: config.dataDir, url: storeUrlFromEnv() }));
  const cacheEnabled = config.llm.cache === 'on';
  const limited = adaptiveProvider(provider, config, options.llmMetrics);
  // Under the cache (a hit never waits for a batch) and over the limiter (a deferred call takes no slot).
  const deferring = withBatchDeferral(limited, store, { responseCache: cacheEnabled });
  const cachedProvider = cacheEnabled ? withResponseCache(deferring, store) : deferring;
  // Outside the cache: a reply served from it is counted as a hit.
  const chatProvider = options.llmMetrics ? withMetrics(cachedProvider, options.llmMetrics, { cacheEnabled }) : cachedProvider;
  const deps = {
    store,
    provider: chatProvider,
    structuredOutput: config.llm.structuredOutput,
    unreachableAfterAttempts: config.llm.unreachableAfterAttempts,
    dataDir: config.dataDir,
    responseCache: cacheEnabled,
  };
  const workflowCode = await workflowCodeOf(options);
  const version = deploymentVersionOf(config, workflowCode.text);
  // The tracing interceptors go first, so an activity's span encloses everything else it does.
  const activityInterceptors: ActivityInterceptorsFactory[] = [...(tracing ? [tracingActivityInterceptors] : []), runNameLogAttributes];
  const observabilityOptions: Pick<WorkerOptions, 'sinks'> & { interceptors: WorkerOptions['interceptors'] } = {
    interceptors: {
      activity: activityInterceptors,
      ...(tracing
        ? // The bundle has the workflow interceptor modules built in (bundle-workflows.ts, workflowCodeOf).
          { client: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } }
        : {}),
    },
    ...(tracing ? { sinks: tracingSinks(tracing) } : {}),
  };

  const dataConverter = options.dataConverter ? { dataConverter: options.dataConverter } : {};
  const main = await Worker.create({
    ...dataConverter,
    connection,
    namespace,
    taskQueue: config.taskQueue,
    workflowBundle: workflowCode.bundle,
    ...deploymentOptions(version),
    ...observabilityOptions,
    activities: createIoActivities(deps),
    maxConcurrentActivityTaskExecutions: 16,
  });
  const llm = await Worker.create({
    ...dataConverter,
    connection,
    namespace,
    taskQueue: llmTaskQueue(config.taskQueue),
    ...deploymentOptions(version),
    activities: createLlmActivities(deps),
    interceptors: { activity: activityInterceptors },
    maxConcurrentActivityTaskExecutions: llmActivitySlots(config),
    ...(config.llm.callsPerSecond === undefined ? {} : { maxTaskQueueActivitiesPerSecond: config.llm.callsPerSecond }),
  });

  const shutdown = () => {
    for (const worker of [main, llm]) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  const stopped = new AbortController();
  let markReady!: (current: boolean) => void;
  let failReady!: (error: unknown) => void;
  const ready = new Promise<boolean>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => undefined); // run() reports it too
  return {
    store,
    version,
    ready,
    shutdown() {
      stopped.abort();
      shutdown();
    },
    async run() {
      try {
        // New runs start on this build once its workers poll both queues (unless an operator promotes builds).
        const promoting =
          version && config.versioning.makeCurrent === 'on'
            ? makeCurrentVersion({ connection, namespace, version, taskQueues: [config.taskQueue, llmTaskQueue(config.taskQueue)], timeoutMs: MAKE_CURRENT_TIMEOUT_MS, signal: stopped.signal })
            : Promise.resolve(false);
        // If one worker fails (or the build cannot be made current), stop the other too, then report the first failure.
        const outcomes = await Promise.allSettled(
          [main.run(), llm.run(), promoting.then(markReady, (error: unknown) => {
            failReady(error);
            throw error;
          })].map((running) =>
            running.catch((error: unknown) => {
              stopped.abort();
              shutdown();
              throw error;
            }),
          ),
        );
        const failure = outcomes.find((outcome) => outcome.status === 'rejected');
        if (failure) throw failure.reason;
      } finally {
        markReady(false);
        await provider.close?.();
        await store.close();
      }
    },
  };
}

/** How long a starting worker waits for the server to see it poll before it gives up making its build current. */
const MAKE_CURRENT_TIMEOUT_MS = 60_000;

/**
 * The workflow code the worker runs and its text (whose hash is the default build id): the bundle
 * given, else the build's (dist/), else bundled now. With a failure converter in the data converter
 * (a payload key) it is always bundled now, with that converter, so the failures workflows raise are
 * encrypted too.
 */
async function workflowCodeOf(options: AugconWorkerOptions): Promise<{ bundle: WorkflowBundleOption; text: string }> {
  const failureConverterPath = options.dataConverter?.failureConverterPath;
  if (failureConverterPath === undefined) {
    const given = options.workflowBundle;
    if (given) return { bundle: given, text: 'code' in given ? given.code : await readFile(given.codePath, 'utf8') };
    const built = defaultWorkflowBundlePath(options.tracing ? 'tracing' : 'plain');
    if (built) return { bundle: { codePath: built }, text: await readFile(built, 'utf8') };
  }
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    workflowInterceptorModules: options.tracing ? [WORKFLOW_INTERCEPTORS_MODULE] : [],
    ...(failureConverterPath === undefined ? {} : { failureConverterPath }),
    ...(options.dataConverter?.payloadConverterPath === undefined ? {} : { payloadConverterPath: options.dataConverter.payloadConverterPath }),
    logger: Runtime.instance().logger,
  });
  return { bundle: { code }, text: code };
}
