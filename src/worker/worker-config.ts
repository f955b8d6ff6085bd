/**
 * The worker's own configuration: environment variables, optionally a JSON file named by
 * AUGCON_WORKER_CONFIG (environment wins). The LLM endpoint and its API key are set here and only
 * here; they never travel in workflow inputs. The API key is read from the environment only.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_TASK_QUEUE } from '../domain/task-queues';
import { parseJson } from '../domain/cst/parse';

const intFromEnv = z.coerce.number().int();

export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

export const WorkerConfigSchema = z.strictObject({
  /** @default "augcon" (LLM calls use "<taskQueue>-llm") */
  taskQueue: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  /** Where the store (augcon.sqlite) and run directories live. @default "augcon-data" */
  dataDir: z.string().min(1).default('augcon-data'),
  llm: z
    .strictObject({
      /** "openai": any OpenAI-compatible endpoint; "llama": a GGUF file in process. @default "openai" */
      provider: z.enum(['openai', 'llama']).default('openai'),
      /** e.g. http://localhost:8000/v1 for vLLM, http://localhost:11434/v1 for Ollama. Unset: OpenAI. */
      baseUrl: z.url().optional(),
      /** Model name sent with each request. @default "gpt-4o-mini" */
      model: z.string().min(1).default('gpt-4o-mini'),
      /** "auto": JSON-schema output, text format if the endpoint rejects it. @default "auto" */
      structuredOutput: z.enum(['auto', 'on', 'off']).default('auto'),
      /** HTTP timeout of one call. @default 120 */
      requestTimeoutSeconds: intFromEnv.min(1).default(120),
      /** LLM calls this worker runs at once (maxConcurrentActivityTaskExecutions of the LLM queue). @default 8 */
      maxInFlight: intFromEnv.min(1).max(1024).default(8),
      /**
       * "on": the calls in flight adapt to the endpoint (src/domain/aimd.ts): from 8, doubling each round
       * until the first 429, 503 or timeout, then down by 10% on each overload, back fast to one short of
       * where it was refused and above that up by about one every three rounds, between minInFlight and
       * maxInFlight. @default "on"
       */
      adaptiveConcurrency: z.enum(['on', 'off']).default('on'),
      /** The least calls in flight adaptive concurrency keeps, however overloaded the endpoint. @default 1 */
      minInFlight: intFromEnv.min(1).max(1024).default(1),
      /** LLM calls per second across ALL workers of the task queue (maxTaskQueueActivitiesPerSecond). Unset: no limit. */
      callsPerSecond: z.coerce.number().positive().optional(),
      /** Embeddings API model for the scorer's embedding features (provider "openai"). Unset: offline features. */
      embeddingModel: z.string().min(1).optional(),
      /** GGUF file for provider "llama". */
      llamaModelPath: z.string().min(1).optional(),
      /** CPU threads for provider "llama", shared by its sequences; set it explicitly on small machines. @default 2 */
      llamaThreads: intFromEnv.min(1).max(256).default(2),
      /**
       * Generations provider "llama" runs at once, each in its own context with llamaThreads / llamaSequences
       * threads; also caps the LLM calls in flight. @default 2
       */
      llamaSequences: intFromEnv.min(1).max(64).default(2),
      /** Tokens per sequence for provider "llama", prompt and reply together (a CST prompt is ~650 + maxTokens). @default 2048 */
      llamaContextSize: intFromEnv.min(256).max(131_072).default(2048),
      /**
       * A call still failing to connect on this attempt fails the run with the endpoint's URL
       * (LlmUnreachable) instead of retrying for minutes; with the 1 s, 2 s, 4 s... backoff, 5 reports
       * a closed port about 15 s after the first call. @default 5
       */
      unreachableAfterAttempts: intFromEnv.min(1).max(1000).default(5),
      /** The persistent response cache in the run store: a repeated request is answered without a call. @default "on" */
      cache: z.enum(['on', 'off']).default('on'),
    })
    .default({ provider: 'openai', model: 'gpt-4o-mini', structuredOutput: 'auto', requestTimeoutSeconds: 120, maxInFlight: 8, adaptiveConcurrency: 'on', minInFlight: 1, llamaThreads: 2, llamaSequences: 2, llamaContextSize: 2048, unreachableAfterAttempts: 5, cache: 'on' }),
  /** Worker Versioning (src/worker/worker-versioning.ts): which build of the workflows this worker is. */
  versioning: z
    .strictObject({
      /** "pinned": runs stay on the build that started them; "off": an unversioned worker (a server without worker deployments). @default "pinned" */
      mode: z.enum(['pinned', 'off']).default('pinned'),
      /** The worker deployment. Unset: the task queue's name. */
      deploymentName: z
        .string()
        .min(1)
        .regex(/^[^.]+$/, 'a worker deployment name cannot contain "."')
        .optional(),
      /** This worker's build. Unset: the sha256 of its workflow code, so a changed workflow is a new build. */
      buildId: z.string().min(1).max(255).optional(),
      /** "on": once polling, the worker makes its build the one new runs start on; "off": an operator promotes builds. @default "on" */
      makeCurrent: z.enum(['on', 'off']).default('on'),
    })
    .prefault({}),
  /** Logs, metrics and traces (src/observability). */
  observability: z
    .strictObject({
      /** Messages below this level are not written (TRACE, DEBUG, INFO, WARN, ERROR; any case). @default "INFO" */
      logLevel: z.preprocess((value) => (typeof value === 'string' ? value.toUpperCase() : value), z.enum(LOG_LEVELS)).default('INFO'),
      /** "json": one JSON object a line; "pretty": one short line for people. Unset: pretty on a terminal, JSON otherwise. */
      logFormat: z.enum(['json', 'pretty']).optional(),
      /** Serves the worker's LLM metrics as Prometheus text on http://<metricsHost>:<port>/metrics (0: any free port). Unset: no endpoint. */
      metricsPort: intFromEnv.min(0).max(65535).optional(),
      /** The interface the metrics endpoints listen on. @default "127.0.0.1" */
      metricsHost: z.string().min(1).default('127.0.0.1'),
      /** Serves Temporal's own worker metrics (temporal_* from the SDK core) on http://<metricsHost>:<port>/metrics. Unset: none. */
      temporalMetricsPort: intFromEnv.min(1).max(65535).optional(),
      /** OpenTelemetry traces: "on" exports over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT), "console" prints spans to stdout. @default "off" */
      otel: z.preprocess((value) => (typeof value === 'string' ? value.toLowerCase() : value), z.enum(['off', 'on', 'console'])).default('off'),
    })
    .prefault({}),
});
export type WorkerConfig = z.infer<typeof WorkerConfigSchema>;

/**
 * The LLM calls this worker runs at once: llm.maxInFlight, but no more than the in-process model's
 * sequences (a call beyond them would only wait inside the provider, its activity timeout running).
 */
export function llmCallsInFlight(config: WorkerConfig): number {
  const llm = config.llm;
  return llm.provider === 'llama' ? Math.min(llm.maxInFlight, llm.llamaSequences) : llm.maxInFlight;
}

/**
 * LLM activity slots per call in flight. The calls in flight are held by the provider's limiter
 * (adaptive-concurrency.ts), not by the slots: an activity also reads and writes the store and waits
 * for Temporal to record its end and hand over the next task, and with one slot per call the endpoint
 * sat idle meanwhile (22.4 of 32 calls in service at 500 ms; with twice the slots, 26: the README's
 * throughput bench). The extra activities wait for a call inside their activity, heartbeating.
 */
export const LLM_ACTIVITY_SLOTS_PER_CALL = 2;

export function llmActivitySlots(config: WorkerConfig): number {
  return LLM_ACTIVITY_SLOTS_PER_CALL * llmCallsInFlight(config);
}

/**
 * The model a worker of this config answers with, as its provider names it in every record: the GGUF
 * file's name in process (AUGCON_LLM_MODEL, whose default is an OpenAI model, plays no part there), else
 * AUGCON_LLM_MODEL.
 */
export function configuredModelName(config: WorkerConfig): string {
  const path = config.llm.llamaModelPath;
  return config.llm.provider === 'llama' && path ? (path.split('/').at(-1) ?? path) : config.llm.model;
}

/** The API key stays out of WorkerConfig so that logging or returning the config can never leak it. */
export function apiKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.AUGCON_LLM_API_KEY || env.OPENAI_API_KEY || undefined;
}

type Section = 'root' | 'llm' | 'versioning' | 'observability';

const ENV_KEYS: Record<string, [section: Section, key: string]> = {
  AUGCON_TASK_QUEUE: ['root', 'taskQueue'],
  AUGCON_DATA_DIR: ['root', 'dataDir'],
  AUGCON_LLM_PROVIDER: ['llm', 'provider'],
  AUGCON_LLM_BASE_URL: ['llm', 'baseUrl'],
  AUGCON_LLM_MODEL: ['llm', 'model'],
  AUGCON_LLM_STRUCTURED_OUTPUT: ['llm', 'structuredOutput'],
  AUGCON_LLM_TIMEOUT_SECONDS: ['llm', 'requestTimeoutSeconds'],
  AUGCON_LLM_MAX_IN_FLIGHT: ['llm', 'maxInFlight'],
  AUGCON_LLM_ADAPTIVE_CONCURRENCY: ['llm', 'adaptiveConcurrency'],
  AUGCON_LLM_MIN_IN_FLIGHT: ['llm', 'minInFlight'],
  AUGCON_LLM_CALLS_PER_SECOND: ['llm', 'callsPerSecond'],
  AUGCON_LLM_EMBEDDING_MODEL: ['llm', 'embeddingModel'],
  AUGCON_LLAMA_MODEL_PATH: ['llm', 'llamaModelPath'],
  AUGCON_LLAMA_THREADS: ['llm', 'llamaThreads'],
  AUGCON_LLAMA_SEQUENCES: ['llm', 'llamaSequences'],
  AUGCON_LLAMA_CONTEXT_SIZE: ['llm', 'llamaContextSize'],
  AUGCON_LLM_UNREACHABLE_AFTER_ATTEMPTS: ['llm', 'unreachableAfterAttempts'],
  AUGCON_LLM_CACHE: ['llm', 'cache'],
  AUGCON_WORKER_VERSIONING: ['versioning', 'mode'],
  AUGCON_WORKER_DEPLOYMENT: ['versioning', 'deploymentName'],
  AUGCON_BUILD_ID: ['versioning', 'buildId'],
  AUGCON_WORKER_MAKE_CURRENT: ['versioning', 'makeCurrent'],
  AUGCON_LOG_LEVEL: ['observability', 'logLevel'],
  AUGCON_LOG_FORMAT: ['observability', 'logFormat'],
  AUGCON_METRICS_PORT: ['observability', 'metricsPort'],
  AUGCON_METRICS_HOST: ['observability', 'metricsHost'],
  AUGCON_TEMPORAL_METRICS_PORT: ['observability', 'temporalMetricsPort'],
  AUGCON_OTEL: ['observability', 'otel'],
};

function sectionOf(fromFile: Record<string, unknown>, section: Exclude<Section, 'root'>): Record<string, unknown> {
  const value = fromFile[section];
  return typeof value === 'object' && value !== null ? { ...(value as Record<string, unknown>) } : {};
}

export class WorkerConfigError extends Error {
  override name = 'WorkerConfigError';
}

/** The JSON object of the file AUGCON_WORKER_CONFIG names ({} without one). */
function readWorkerConfigFile(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const file = env.AUGCON_WORKER_CONFIG;
  if (!file) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new WorkerConfigError(`cannot read the worker config file ${file} (AUGCON_WORKER_CONFIG): ${(error as Error).message}`);
  }
  const json = parseJson(text);
  if (!json.ok || typeof json.value !== 'object' || json.value === null) {
    throw new WorkerConfigError(`${file}: expected a JSON object (${json.ok ? 'got something else' : json.reason})`);
  }
  const fromFile = json.value as Record<string, unknown>;
  if ('apiKey' in fromFile || (typeof fromFile.llm === 'object' && fromFile.llm !== null && 'apiKey' in fromFile.llm)) {
    throw new WorkerConfigError(`${file}: do not put the API key in a file; set AUGCON_LLM_API_KEY (or OPENAI_API_KEY) in the worker's environment`);
  }
  return fromFile;
}

/**
 * The task queue a worker of this environment polls, read as loadWorkerConfig reads it
 * (AUGCON_TASK_QUEUE unless empty, else the config file's taskQueue, else "augcon") but without
 * failing on other settings: the CLI starts runs and schedules on it. An unreadable config file is
 * left to the worker to report.
 */
export function workerTaskQueue(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AUGCON_TASK_QUEUE) return env.AUGCON_TASK_QUEUE;
  let fromFile: Record<string, unknown>;
  try {
    fromFile = readWorkerConfigFile(env);
  } catch {
    return DEFAULT_TASK_QUEUE;
  }
  return typeof fromFile.taskQueue === 'string' && fromFile.taskQueue.length > 0 ? fromFile.taskQueue : DEFAULT_TASK_QUEUE;
}

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const fromFile = readWorkerConfigFile(env);
  const sections = { llm: sectionOf(fromFile, 'llm'), versioning: sectionOf(fromFile, 'versioning'), observability: sectionOf(fromFile, 'observability') };
  const merged: Record<string, unknown> = { ...fromFile, ...sections };
  for (const [name, [section, key]] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (section === 'root') merged[key] = value;
    else sections[section][key] = value;
  }
  const parsed = WorkerConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const envName = (path: PropertyKey[]) => Object.entries(ENV_KEYS).find(([, [section, key]]) => path.join('.') === (section === 'root' ? key : `${section}.${key}`))?.[0];
    const lines = parsed.error.issues.map((issue) => {
      const name = envName(issue.path);
      return `worker config: ${issue.path.join('.')}${name ? ` (${name})` : ''}: ${issue.message}`;
    });
    throw new WorkerConfigError(lines.join('\n'));
  }
  if (parsed.data.llm.provider === 'llama' && !parsed.data.llm.llamaModelPath) {
    throw new WorkerConfigError('worker config: llm.llamaModelPath (AUGCON_LLAMA_MODEL_PATH) is required when AUGCON_LLM_PROVIDER=llama');
  }
  return parsed.data;
}
