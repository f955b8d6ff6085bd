/**
 * The augcon worker: two Temporal workers in one process sharing one connection.
 * - `<taskQueue>`: the workflows and the store/file activities;
 * - `<taskQueue>-llm`: the LLM call activities, whose concurrency is the LLM calls in flight and whose
 *   task-queue rate limit (calls per second) holds across every worker of the queue.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { type ActivityInterceptorsFactory, type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createIoActivities, createLlmActivities } from '../activities';
import { llmTaskQueue } from '../domain/task-queues';
import { withResponseCache } from '../llm/caching-provider';
import { withMetrics } from '../llm/instrumented-provider';
import type { ChatProvider } from '../llm/provider';
import { runNameLogAttributes } from '../observability/activity-log-attributes';
import type { LlmMetrics } from '../observability/llm-metrics';
import { tracingActivityInterceptors, tracingSinks, WORKFLOW_INTERCEPTORS_MODULE, type Tracing } from '../observability/tracing';
import type { RunStore } from '../store/run-store';
import { openRunStore, storeUrlFromEnv } from '../store/open-run-store';
import { llmCallsInFlight, type WorkerConfig } from './worker-config';
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
  workflowBundle?: WorkerOptions['workflowBundle'];
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
  /** Resolves when both workers have shut down. */
  run(): Promise<void>;
  shutdown(): void;
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
  const cachedProvider = cacheEnabled ? withResponseCache(provider, store) : provider;
  // Outside the cache: a reply served from it is counted as a hit.
  const chatProvider = options.llmMetrics ? withMetrics(cachedProvider, options.llmMetrics, { cacheEnabled }) : cachedProvider;
  const deps = {
    store,
    provider: chatProvider,
    structuredOutput: config.llm.structuredOutput,
    unreachableAfterAttempts: config.llm.unreachableAfterAttempts,
    dataDir: config.dataDir,
  };
  const bundlePath = defaultWorkflowBundlePath(tracing ? 'tracing' : 'plain');
  // Workflow code takes its failure converter from its bundle, and a prebuilt one has none: with one in
  // the data converter (a payload key), the workflows are bundled at start-up with it, so the failures
  // they raise are encrypted too.
  const encodesFailures = options.dataConverter?.failureConverterPath !== undefined;
  const workflowBundle = encodesFailures ? undefined : (options.workflowBundle ?? (bundlePath ? { codePath: bundlePath } : undefined));
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = workflowBundle
    ? { workflowBundle }
    : { workflowsPath: require.resolve('../workflows') };
  // The tracing interceptors go first, so an activity's span encloses everything else it does.
  const activityInterceptors: ActivityInterceptorsFactory[] = [...(tracing ? [tracingActivityInterceptors] : []), runNameLogAttributes];
  const observabilityOptions: Pick<WorkerOptions, 'sinks'> & { interceptors: WorkerOptions['interceptors'] } = {
    interceptors: {
      activity: activityInterceptors,
      ...(tracing
        ? {
            client: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
            // A prebuilt bundle has its interceptor modules built in (bundle-workflows.ts).
            ...(workflowBundle ? {} : { workflowModules: [WORKFLOW_INTERCEPTORS_MODULE] }),
          }
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
    ...workflowSource,
    ...observabilityOptions,
    activities: createIoActivities(deps),
    maxConcurrentActivityTaskExecutions: 16,
  });
  const llm = await Worker.create({
    ...dataConverter,
    connection,
    namespace,
    taskQueue: llmTaskQueue(config.taskQueue),
    activities: createLlmActivities(deps),
    interceptors: { activity: activityInterceptors },
    maxConcurrentActivityTaskExecutions: llmCallsInFlight(config),
    ...(config.llm.callsPerSecond === undefined ? {} : { maxTaskQueueActivitiesPerSecond: config.llm.callsPerSecond }),
  });

  const shutdown = () => {
    for (const worker of [main, llm]) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  return {
    store,
    shutdown,
    async run() {
      try {
        // If one worker fails, stop the other too, then report the first failure.
        const outcomes = await Promise.allSettled(
          [main.run(), llm.run()].map((running) =>
            running.catch((error: unknown) => {
              shutdown();
              throw error;
            }),
          ),
        );
        const failure = outcomes.find((outcome) => outcome.status === 'rejected');
        if (failure) throw failure.reason;
      } finally {
        await provider.close?.();
        await store.close();
      }
    },
  };
}
