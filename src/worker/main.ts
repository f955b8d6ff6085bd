/**
 * `augcon worker` / `node dist/src/worker/main.js`: runs the augcon workers until SIGINT or SIGTERM
 * (the Temporal runtime shuts them down gracefully: in-flight activities finish or are cancelled).
 * Logs are pino lines on stdout; with AUGCON_METRICS_PORT the LLM metrics are served for Prometheus,
 * with AUGCON_TEMPORAL_METRICS_PORT Temporal's own worker metrics, with AUGCON_OTEL traces are exported.
 */
import { connectNativeConnection } from '../client/connection';
import { createLogger } from '../observability/logger';
import { createLlmMetrics } from '../observability/llm-metrics';
import { startMetricsServer, type MetricsServer } from '../observability/metrics-server';
import { createRedactor, secretsFromEnv } from '../observability/redact';
import { setupTracing, type Tracing } from '../observability/tracing';
import { createAugconWorkers } from './create-workers';
import type { DeploymentVersion } from './worker-versioning';
import { createProvider } from './provider-factory';
import { llmCallsInFlight, loadWorkerConfig, WorkerConfigError, type WorkerConfig } from './worker-config';
import { installRuntimeLogger } from './runtime-logger';
import { describeStore, storeUrlFromEnv } from '../store/open-run-store';
import { codecDataConverter } from '../codec/data-converter';

/** host:port, with brackets around an IPv6 host. */
function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export interface RunningObservability {
  /** The deployment version the workers poll as (unset: versioning off). */
  version?: DeploymentVersion;
  /** The LLM metrics endpoint, when one is served (with the actual port). */
  metricsUrl?: string;
  tracing?: Pick<Tracing, 'exporterDescription'>;
}

/** What the worker says about itself at start-up: never the API key. */
export function describeWorker(config: WorkerConfig, namespace: string, running: RunningObservability = {}): string {
  const llm = config.llm;
  const observability = config.observability;
  const endpoint =
    llm.provider === 'llama'
      ? `GGUF ${llm.llamaModelPath} (${llm.llamaThreads} threads, ${llm.llamaSequences} sequences of ${llm.llamaContextSize} tokens)`
      : (llm.baseUrl ?? 'OpenAI (default endpoint)');
  const metrics = running.metricsUrl ?? (observability.metricsPort === undefined ? 'off' : `http://${hostPort(observability.metricsHost, observability.metricsPort)}/metrics`);
  const temporalMetrics = observability.temporalMetricsPort === undefined ? 'off' : `http://${hostPort(observability.metricsHost, observability.temporalMetricsPort)}/metrics`;
  const traces = observability.otel === 'off' ? 'off' : (running.tracing?.exporterDescription ?? observability.otel);
  return [
    `augcon worker: namespace ${namespace}, task queues ${config.taskQueue} and ${config.taskQueue}-llm`,
    `  LLM: ${llm.provider} ${endpoint}${llm.provider === 'llama' ? '' : `, model ${llm.model}`}, ${llmCallsInFlight(config)} calls in flight${llm.callsPerSecond ? `, ${llm.callsPerSecond} calls/s per task queue` : ''}, response cache ${llm.cache}`,
    `  store: ${describeStore({ dataDir: config.dataDir, url: storeUrlFromEnv() })}; run directories in ${config.dataDir}`,
    `  versioning: ${
      running.version
        ? `deployment ${running.version.deploymentName}, build ${running.version.buildId}, runs pinned to their build; ${config.versioning.makeCurrent === 'on' ? 'new runs start on this build' : 'an operator makes builds current'}`
        : 'off (unversioned worker)'
    }`,
    `  metrics: LLM ${metrics}, Temporal ${temporalMetrics}; traces ${traces}; logs ${observability.logLevel}`,
  ].join('\n');
}

export async function runWorker(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadWorkerConfig(env);
  const observability = config.observability;
  const logger = createLogger({ level: observability.logLevel, format: observability.logFormat, destination: 1, secrets: secretsFromEnv(env) });
  installRuntimeLogger(observability.logLevel, {
    logger,
    ...(observability.temporalMetricsPort === undefined ? {} : { temporalMetricsAddress: hostPort(observability.metricsHost, observability.temporalMetricsPort) }),
  });
  const tracing = setupTracing({ mode: observability.otel, serviceName: 'augcon-worker', env });
  const llmMetrics = observability.metricsPort === undefined ? undefined : createLlmMetrics({ processMetrics: true });
  let metricsServer: MetricsServer | undefined;
  try {
    if (llmMetrics && observability.metricsPort !== undefined) {
      metricsServer = await startMetricsServer({ registry: llmMetrics.registry, port: observability.metricsPort, host: observability.metricsHost }).catch((error: unknown) => {
        throw new WorkerConfigError(
          `AUGCON_METRICS_PORT: cannot serve metrics on ${hostPort(observability.metricsHost, observability.metricsPort!)}: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    }
    const { connection, namespace } = await connectNativeConnection();
    try {
      const provider = await createProvider(config, env);
      const dataConverter = codecDataConverter(env);
      const workers = await createAugconWorkers({ config, connection, namespace, provider, llmMetrics, tracing, ...(dataConverter ? { dataConverter } : {}) });
      logger.info(
        { namespace, taskQueue: config.taskQueue, ...(metricsServer ? { metricsUrl: metricsServer.url } : {}) },
        describeWorker(config, namespace, { metricsUrl: metricsServer?.url, tracing, ...(workers.version ? { version: workers.version } : {}) }),
      );
      const running = workers.run();
      void workers.ready.then(
        (madeCurrent) => madeCurrent && logger.info({ ...workers.version }, `build ${workers.version!.buildId} is now the current version of worker deployment ${workers.version!.deploymentName}: new runs start on it`),
        () => undefined, // run() rejects with the reason
      );
      await running;
      logger.info('augcon worker stopped');
    } finally {
      await connection.close();
    }
  } finally {
    await metricsServer?.close();
    await tracing?.shutdown();
  }
}

if (require.main === module) {
  runWorker().catch((error: unknown) => {
    console.error(createRedactor({ secrets: secretsFromEnv() }).text(error instanceof Error ? error.message : String(error)));
    process.exit(1);
  });
}
