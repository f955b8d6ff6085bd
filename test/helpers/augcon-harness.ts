/**
 * One augcon deployment for an integration test: the real Temporal dev server of the global setup,
 * a stand-in LLM server on 127.0.0.1, and augcon workers in this process on a unique task queue with
 * a fresh data directory. Tests isolate themselves by task queue and workflow id; nothing is cleaned up.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection } from '@temporalio/worker';
import { AugconClient } from '../../src/client/augcon-client';
import type { RunInput } from '../../src/domain/run-input';
import type { ChatProvider } from '../../src/llm/provider';
import { OpenAiProvider } from '../../src/llm/openai-provider';
import { startStandinServer, type StandinServer, type StandinOptions } from '../../src/standin/server';
import { createAugconWorkers, type AugconWorkers } from '../../src/worker/create-workers';
import { WorkerConfigSchema, type WorkerConfig } from '../../src/worker/worker-config';
import { uniqueId } from './temporal';
import type { DataConverter } from '@temporalio/common';

let bundle: Promise<{ code: string }> | undefined;

/** The workflow code, bundled once per test file. */
export function workflowBundle(): Promise<{ code: string }> {
  bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../src/workflows'), logger: new DefaultLogger('WARN') }).then(({ code }) => ({ code }));
  return bundle;
}

export function temporalAddress(): string {
  const address = process.env.TEMPORAL_TEST_ADDRESS;
  if (!address) throw new Error('TEMPORAL_TEST_ADDRESS is not set: run integration tests through Jest (its global setup starts the dev server)');
  return address;
}

export interface Harness {
  name: string;
  taskQueue: string;
  dataDir: string;
  standin: StandinServer;
  client: Client;
  augcon: AugconClient;
  config: WorkerConfig;
  /** Starts the workers (again, after stopWorkers), optionally as another build (worker-versioning.test.ts). */
  startWorkers(versioning?: Partial<WorkerConfig['versioning']>): Promise<void>;
  stopWorkers(): Promise<void>;
  /** Starts a run and waits for its summary. */
  run(input: RunInput, workflowId?: string): ReturnType<AugconClient['result']>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  standin?: StandinOptions;
  maxInFlight?: number;
  /** @default "on" (as in production) */
  adaptiveConcurrency?: 'on' | 'off';
  apiKey?: string;
  startWorkers?: boolean;
  /** Configures the embeddings API model (the scorer then uses embedding features). */
  embeddingModel?: string;
  /** The LLM response cache of the workers. @default "on" (as in production) */
  responseCache?: 'on' | 'off';
  /** Payload encryption for the in-process workers (the harness's own client stays plain). */
  dataConverter?: DataConverter;
  /** A real model instead of the stand-in: builds the workers' provider (called on every startWorkers). */
  provider?: { model: string; create(): Promise<ChatProvider> };
}

export async function createHarness(testName: string, options: HarnessOptions = {}): Promise<Harness> {
  const name = uniqueId(testName);
  const taskQueue = `augcon-${name}`;
  const dataDir = await mkdtemp(join(tmpdir(), `augcon-${testName}-`));
  const standin = await startStandinServer({ port: 0, ...options.standin });
  const connection = await Connection.connect({ address: temporalAddress() });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address: temporalAddress() });
  const config = WorkerConfigSchema.parse({
    taskQueue,
    dataDir,
    llm: {
      provider: 'openai',
      baseUrl: standin.baseUrl,
      model: options.provider?.model ?? 'augcon-standin',
      maxInFlight: options.maxInFlight ?? 16,
      adaptiveConcurrency: options.adaptiveConcurrency ?? 'on',
      embeddingModel: options.embeddingModel,
      cache: options.responseCache ?? 'on',
    },
  });
  let workers: AugconWorkers | undefined;
  let running: Promise<void> | undefined;

  const harness: Harness = {
    name,
    taskQueue,
    dataDir,
    standin,
    client,
    augcon: new AugconClient(client),
    config,
    async startWorkers(versioning) {
      const provider = options.provider
        ? await options.provider.create()
        : new OpenAiProvider({ baseUrl: standin.baseUrl, apiKey: options.apiKey ?? 'test-key', model: config.llm.model, embeddingModel: options.embeddingModel });
      workers = await createAugconWorkers({
        config: versioning ? { ...config, versioning: { ...config.versioning, ...versioning } } : config,
        connection: nativeConnection,
        namespace: 'default',
        provider,
        workflowBundle: await workflowBundle(),
        ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
      });
      running = workers.run();
      // Runs started from here on go to this build (its deployment is the harness's task queue).
      await Promise.race([workers.ready, running]);
    },
    async stopWorkers() {
      workers?.shutdown();
      await running;
      workers = undefined;
      running = undefined;
    },
    async run(input, workflowId = `${name}-run`) {
      const handle = await harness.augcon.startRun(input, { workflowId, taskQueue });
      return harness.augcon.result(handle.workflowId);
    },
    async close() {
      await harness.stopWorkers();
      await nativeConnection.close();
      await connection.close();
      await standin.close();
    },
  };
  if (options.startWorkers !== false) await harness.startWorkers();
  return harness;
}
