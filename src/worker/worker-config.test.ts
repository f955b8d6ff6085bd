import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiKeyFromEnv, configuredModelName, llmActivitySlots, llmCallsInFlight, loadWorkerConfig, WorkerConfigError } from './worker-config';
import { describeWorker } from './main';

describe('loadWorkerConfig', () => {
  it('has defaults that point at OpenAI, never at the stand-in', () => {
    const config = loadWorkerConfig({});
    expect(config).toMatchObject({ taskQueue: 'augcon', dataDir: 'augcon-data', llm: { provider: 'openai', model: 'gpt-4o-mini', maxInFlight: 8, structuredOutput: 'auto' } });
    expect(config.llm.baseUrl).toBeUndefined();
  });

  it('reads the environment and a JSON file, the environment winning', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'augcon-config-')), 'worker.json');
    await writeFile(file, JSON.stringify({ dataDir: '/data', llm: { model: 'from-file', maxInFlight: 4 } }));
    const config = loadWorkerConfig({ AUGCON_WORKER_CONFIG: file, AUGCON_LLM_MODEL: 'from-env', AUGCON_LLM_CALLS_PER_SECOND: '2.5', AUGCON_LLM_BASE_URL: 'http://localhost:8000/v1' });
    expect(config).toMatchObject({ dataDir: '/data', llm: { model: 'from-env', maxInFlight: 4, callsPerSecond: 2.5, baseUrl: 'http://localhost:8000/v1' } });
  });

  it('adapts the calls in flight by default, and reads the adaptive settings', () => {
    expect(loadWorkerConfig({}).llm).toMatchObject({ adaptiveConcurrency: 'on', minInFlight: 1 });
    expect(loadWorkerConfig({ AUGCON_LLM_ADAPTIVE_CONCURRENCY: 'off', AUGCON_LLM_MIN_IN_FLIGHT: '4' }).llm).toMatchObject({ adaptiveConcurrency: 'off', minInFlight: 4 });
    expect(() => loadWorkerConfig({ AUGCON_LLM_ADAPTIVE_CONCURRENCY: 'maybe' })).toThrow(/llm\.adaptiveConcurrency \(AUGCON_LLM_ADAPTIVE_CONCURRENCY\)/);
  });

  it('names the variable and what was expected', () => {
    expect(() => loadWorkerConfig({ AUGCON_LLM_MAX_IN_FLIGHT: 'many' })).toThrow(/llm\.maxInFlight \(AUGCON_LLM_MAX_IN_FLIGHT\)/);
    expect(() => loadWorkerConfig({ AUGCON_LLM_BASE_URL: 'not a url' })).toThrow(/AUGCON_LLM_BASE_URL/);
    expect(() => loadWorkerConfig({ AUGCON_LLM_PROVIDER: 'llama' })).toThrow(/AUGCON_LLAMA_MODEL_PATH/);
    expect(() => loadWorkerConfig({ AUGCON_WORKER_CONFIG: '/nonexistent/worker.json' })).toThrow(WorkerConfigError);
  });

  it('reads the in-process model settings and caps the calls in flight at its sequences', () => {
    const llama = { AUGCON_LLM_PROVIDER: 'llama', AUGCON_LLAMA_MODEL_PATH: '/models/m.gguf' };
    const defaults = loadWorkerConfig(llama);
    expect(defaults.llm).toMatchObject({ llamaThreads: 2, llamaSequences: 2, llamaContextSize: 2048, maxInFlight: 8 });
    expect(llmCallsInFlight(defaults)).toBe(2);
    const config = loadWorkerConfig({ ...llama, AUGCON_LLAMA_THREADS: '4', AUGCON_LLAMA_SEQUENCES: '4', AUGCON_LLAMA_CONTEXT_SIZE: '4096', AUGCON_LLM_MAX_IN_FLIGHT: '3' });
    expect(config.llm).toMatchObject({ llamaThreads: 4, llamaSequences: 4, llamaContextSize: 4096 });
    expect(llmCallsInFlight(config)).toBe(3);
    // Twice the activity slots: the provider's limiter, not the slots, holds the calls at 3.
    expect(llmActivitySlots(config)).toBe(6);
    // The GGUF is the model: the banner names no other (AUGCON_LLM_MODEL's default is an OpenAI model).
    expect(describeWorker(config, 'default')).toContain('LLM: llama GGUF /models/m.gguf (4 threads, 4 sequences of 4096 tokens), 3 calls in flight');
    expect(describeWorker(config, 'default')).not.toContain('gpt-4o-mini');
    // The dataset card's fallback model (augcon export) is the GGUF too, as the provider names it.
    expect(configuredModelName(config)).toBe('m.gguf');
    expect(configuredModelName(loadWorkerConfig({ AUGCON_LLM_MODEL: 'qwen2.5:7b' }))).toBe('qwen2.5:7b');
    // The OpenAI-compatible path is not capped by the in-process settings.
    expect(llmCallsInFlight(loadWorkerConfig({ AUGCON_LLAMA_SEQUENCES: '1' }))).toBe(8);
  });

  it('names the in-process model variable that is wrong', () => {
    expect(() => loadWorkerConfig({ AUGCON_LLAMA_SEQUENCES: '0' })).toThrow(/llm\.llamaSequences \(AUGCON_LLAMA_SEQUENCES\)/);
    expect(() => loadWorkerConfig({ AUGCON_LLAMA_SEQUENCES: 'two' })).toThrow(/AUGCON_LLAMA_SEQUENCES/);
    expect(() => loadWorkerConfig({ AUGCON_LLAMA_CONTEXT_SIZE: '100' })).toThrow(/llm\.llamaContextSize \(AUGCON_LLAMA_CONTEXT_SIZE\)/);
  });

  it('reads the observability settings: logs, metrics endpoints and traces', async () => {
    expect(loadWorkerConfig({}).observability).toEqual({ logLevel: 'INFO', metricsHost: '127.0.0.1', otel: 'off' });
    const file = join(await mkdtemp(join(tmpdir(), 'augcon-config-')), 'worker.json');
    await writeFile(file, JSON.stringify({ observability: { metricsPort: 9464, logFormat: 'pretty' } }));
    const config = loadWorkerConfig({
      AUGCON_WORKER_CONFIG: file,
      AUGCON_LOG_LEVEL: 'debug',
      AUGCON_LOG_FORMAT: 'json',
      AUGCON_METRICS_HOST: '0.0.0.0',
      AUGCON_TEMPORAL_METRICS_PORT: '9465',
      AUGCON_OTEL: 'Console',
    });
    expect(config.observability).toEqual({ logLevel: 'DEBUG', logFormat: 'json', metricsPort: 9464, metricsHost: '0.0.0.0', temporalMetricsPort: 9465, otel: 'console' });
    expect(describeWorker(config, 'default')).toContain('metrics: LLM http://0.0.0.0:9464/metrics, Temporal http://0.0.0.0:9465/metrics; traces console; logs DEBUG');
    expect(describeWorker(loadWorkerConfig({}), 'default')).toContain('metrics: LLM off, Temporal off; traces off; logs INFO');
  });

  it('names the observability variable that is wrong', () => {
    expect(() => loadWorkerConfig({ AUGCON_LOG_LEVEL: 'loud' })).toThrow(/observability\.logLevel \(AUGCON_LOG_LEVEL\)/);
    expect(() => loadWorkerConfig({ AUGCON_LOG_FORMAT: 'xml' })).toThrow(/AUGCON_LOG_FORMAT/);
    expect(() => loadWorkerConfig({ AUGCON_METRICS_PORT: '70000' })).toThrow(/observability\.metricsPort \(AUGCON_METRICS_PORT\)/);
    expect(() => loadWorkerConfig({ AUGCON_TEMPORAL_METRICS_PORT: 'x' })).toThrow(/AUGCON_TEMPORAL_METRICS_PORT/);
    expect(() => loadWorkerConfig({ AUGCON_OTEL: 'yes' })).toThrow(/observability\.otel \(AUGCON_OTEL\)/);
  });

  it('refuses an API key in the config file', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'augcon-config-')), 'worker.json');
    await writeFile(file, JSON.stringify({ llm: { apiKey: 'sk-in-a-file' } }));
    expect(() => loadWorkerConfig({ AUGCON_WORKER_CONFIG: file })).toThrow(/do not put the API key in a file/);
  });

  it('keeps the API key out of the config and out of what the worker prints', () => {
    const env = { AUGCON_LLM_API_KEY: 'sk-secret-123', AUGCON_LLM_BASE_URL: 'http://localhost:8000/v1' };
    const config = loadWorkerConfig(env);
    expect(JSON.stringify(config)).not.toContain('sk-secret-123');
    expect(describeWorker(config, 'default')).not.toContain('sk-secret-123');
    expect(apiKeyFromEnv(env)).toBe('sk-secret-123');
    expect(apiKeyFromEnv({ OPENAI_API_KEY: 'sk-openai' })).toBe('sk-openai');
  });
});
