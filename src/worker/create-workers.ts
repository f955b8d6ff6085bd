/**
 * The augcon worker: two Temporal workers in one process sharing one connection.
 * - `<taskQueue>`: the workflows and the store/file activities;
 * - `<taskQueue>-llm`: the LLM call activities, whose concurrency is the LLM calls in flight and whose
 *   task-queue rate limit (calls per second) holds across every worker of the queue.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createIoActivities, createLlmActivities } from '../activities';
import { llmTaskQueue } from '../domain/task-queues';
import { withResponseCache } from '../llm/caching-provider';
import type { ChatProvider } from '../llm/provider';
import type { RunStore } from '../store/run-store';
import { openRunStore, storeUrlFromEnv } from '../store/open-run-store';
import type { WorkerConfig } from './worker-config';

export interface AugconWorkerOptions {
  config: WorkerConfig;
  connection: NativeConnection;
  namespace: string;
  provider: ChatProvider;
  /** Defaults to AUGCON_STORE_URL's PostgreSQL, else the SQLite store in `<dataDir>/augcon.sqlite`. */
  store?: RunStore;
  /** A prebuilt workflow bundle (npm run build writes dist/workflow-bundle.js); bundled at start-up otherwise. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export interface AugconWorkers {
  store: RunStore;
  /** Resolves when both workers have shut down. */
  run(): Promise<void>;
  shutdown(): void;
}

export function defaultWorkflowBundlePath(): string | undefined {
  const fromEnv = process.env.AUGCON_WORKFLOW_BUNDLE;
  if (fromEnv) return fromEnv;
  const built = join(__dirname, '..', '..', 'workflow-bundle.js');
  return __filename.endsWith('.js') && existsSync(built) ? built : undefined;
}

export async function createAugconWorkers(options: AugconWorkerOptions): Promise<AugconWorkers> {
  const { config, connection, namespace, provider } = options;
  const store = options.store ?? (await openRunStore({ dataDir: config.dataDir, url: storeUrlFromEnv() }));
  const cachedProvider = config.llm.cache === 'on' ? withResponseCache(provider, store) : provider;
  const deps = { store, provider: cachedProvider, structuredOutput: config.llm.structuredOutput, dataDir: config.dataDir };
  const bundlePath = defaultWorkflowBundlePath();
  const workflowBundle = options.workflowBundle ?? (bundlePath ? { codePath: bundlePath } : undefined);
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = workflowBundle
    ? { workflowBundle }
    : { workflowsPath: require.resolve('../workflows') };

  const main = await Worker.create({
    connection,
    namespace,
    taskQueue: config.taskQueue,
    ...workflowSource,
    activities: createIoActivities(deps),
    maxConcurrentActivityTaskExecutions: 16,
  });
  const llm = await Worker.create({
    connection,
    namespace,
    taskQueue: llmTaskQueue(config.taskQueue),
    activities: createLlmActivities(deps),
    maxConcurrentActivityTaskExecutions: config.llm.maxInFlight,
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
