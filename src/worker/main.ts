/**
 * `augcon worker` / `node dist/src/worker/main.js`: runs the augcon workers until SIGINT or SIGTERM
 * (the Temporal runtime shuts them down gracefully: in-flight activities finish or are cancelled).
 */
import { connectNativeConnection } from '../client/connection';
import { createAugconWorkers } from './create-workers';
import { createProvider } from './provider-factory';
import { loadWorkerConfig, WorkerConfigError, type WorkerConfig } from './worker-config';
import { installRuntimeLogger } from './runtime-logger';
import { describeStore, storeUrlFromEnv } from '../store/open-run-store';

/** What the worker says about itself at start-up: never the API key. */
export function describeWorker(config: WorkerConfig, namespace: string): string {
  const llm = config.llm;
  const endpoint = llm.provider === 'llama' ? `GGUF ${llm.llamaModelPath} (${llm.llamaThreads} threads)` : (llm.baseUrl ?? 'OpenAI (default endpoint)');
  return [
    `augcon worker: namespace ${namespace}, task queues ${config.taskQueue} and ${config.taskQueue}-llm`,
    `  LLM: ${llm.provider} ${endpoint}, model ${llm.model}, ${llm.maxInFlight} calls in flight${llm.callsPerSecond ? `, ${llm.callsPerSecond} calls/s per task queue` : ''}, response cache ${llm.cache}`,
    `  store: ${describeStore({ dataDir: config.dataDir, url: storeUrlFromEnv() })}; run directories in ${config.dataDir}`,
  ].join('\n');
}

const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

export async function runWorker(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadWorkerConfig(env);
  const level = (env.AUGCON_LOG_LEVEL ?? 'INFO').toUpperCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new WorkerConfigError(`AUGCON_LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got ${level}`);
  installRuntimeLogger(level as (typeof LOG_LEVELS)[number]);
  const { connection, namespace } = await connectNativeConnection();
  const provider = await createProvider(config, env);
  const workers = await createAugconWorkers({ config, connection, namespace, provider });
  console.log(describeWorker(config, namespace));
  try {
    await workers.run();
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  runWorker().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
