/**
 * `augcon demo [--model standin|smollm2]`: the whole run on the sample corpus, offline; the worker
 * runs in this process against the local Temporal dev server.
 * - standin (default): the project's deterministic stand-in server (text manipulation for tests and
 *   demos, NOT a model), served on 127.0.0.1; every document of the sample corpus, in seconds.
 * - smollm2: SmolLM2-135M-Instruct in process (node-llama-cpp, installed by scripts/setup.sh), on
 *   two documents of the sample corpus with one CST pass and a small scorer, so that it finishes in
 *   minutes on 2 cores. A real model, but a tiny one: its data is not production quality.
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { RunInput } from '../../domain/run-input';
import { installRuntimeLogger } from '../../worker/runtime-logger';
import { createAugconWorkers } from '../../worker/create-workers';
import { WorkerConfigSchema, type WorkerConfig } from '../../worker/worker-config';
import { createProvider } from '../../worker/provider-factory';
import { OpenAiProvider } from '../../llm/openai-provider';
import type { ChatProvider } from '../../llm/provider';
import { requireSmollm2, SMOLLM2_NAME, SMOLLM2_NOTICE } from '../../llm/smollm2';
import { startStandinServer } from '../../standin/server';
import { STANDIN_BANNER } from '../../standin/main';
import { newRunId } from '../../client/augcon-client';
import { connectNativeConnection } from '../../client/connection';
import { formatSummary } from '../format-summary';
import { createProgressView } from '../progress-bar';
import { workflowUrl } from '../../client/temporal-ui';
import { openSession } from '../temporal-session';
import { waitForRun } from '../wait-for-run';
import { CliError, EXIT } from '../exit-codes';

export const DEMO_MODELS = ['standin', 'smollm2'] as const;
export type DemoModel = (typeof DEMO_MODELS)[number];

export function demoModel(value: string): DemoModel {
  if (!(DEMO_MODELS as readonly string[]).includes(value)) throw new InvalidArgumentError(`choose ${DEMO_MODELS.join(' or ')}`);
  return value as DemoModel;
}

/** The real-model demo's documents: two short English ones (7 roots), enough candidates to train the scorer on. */
export const SMOLLM2_DEMO_FILES = ['coffee-machine.txt', 'on-call-handbook.md'];

interface DemoLlm {
  banner: string;
  notes: string[];
  llm: Record<string, unknown>;
  provider(config: WorkerConfig): Promise<ChatProvider>;
  corpus(corpus: string): RunInput;
  /** LLM calls made, when the backend counts them. */
  calls(): number | undefined;
  close(): Promise<void>;
}

async function standinLlm(): Promise<DemoLlm> {
  const standin = await startStandinServer({ port: 0 });
  return {
    banner: `${STANDIN_BANNER} at ${standin.baseUrl}`,
    notes: ['Its questions and splits are mechanical; run `augcon demo --model smollm2` for a real (tiny) model, or point AUGCON_LLM_BASE_URL at yours.'],
    llm: { provider: 'openai', baseUrl: standin.baseUrl, model: 'augcon-standin', maxInFlight: 16 },
    provider: async (config) => new OpenAiProvider({ baseUrl: standin.baseUrl, apiKey: 'stand-in-needs-no-key', model: config.llm.model }),
    corpus: (corpus) => ({ corpus: { paths: [corpus] }, seed: 1 }),
    calls: () => standin.calls().length,
    close: () => standin.close(),
  };
}

async function smollm2Llm(): Promise<DemoLlm> {
  let modelPath: string;
  try {
    modelPath = requireSmollm2();
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.unavailable);
  }
  const threads = Math.max(1, Math.min(4, cpus().length));
  return {
    banner: SMOLLM2_NOTICE,
    notes: [`  model file ${modelPath}; ${threads} threads; corpus: ${SMOLLM2_DEMO_FILES.join(' and ')} only, one CST pass, at most 24 scorer triples, so it finishes in minutes.`],
    llm: { provider: 'llama', llamaModelPath: modelPath, llamaThreads: threads, model: SMOLLM2_NAME, maxInFlight: 4 },
    provider: (config) => createProvider(config),
    corpus: (corpus) => ({
      corpus: { paths: SMOLLM2_DEMO_FILES.map((file) => join(corpus, file)) },
      seed: 1,
      cst: { maxPasses: 1, maxTokens: 300 },
      scorer: { triplesPerType: 8 },
      answers: { maxAnswerTokens: 200 },
    }),
    calls: () => undefined,
    close: async () => {},
  };
}

export async function demoCommand(options: { corpus: string; dataDir: string; json?: boolean; model?: DemoModel }): Promise<void> {
  installRuntimeLogger('WARN'); // the demo shows its own progress
  const model = options.model ?? 'standin';
  const session = await openSession();
  const llm = model === 'smollm2' ? await smollm2Llm() : await standinLlm();
  const log = (line: string) => {
    if (!options.json) console.log(line);
  };
  log(`augcon demo: LLM = ${llm.banner}`);
  for (const note of llm.notes) log(`  ${note.trimStart()}`);

  const { connection, namespace } = await connectNativeConnection();
  const suffix = randomBytes(3).toString('hex');
  const config = WorkerConfigSchema.parse({ taskQueue: `augcon-demo-${suffix}`, dataDir: resolve(options.dataDir), llm: llm.llm });
  const provider = await llm.provider(config);
  const workers = await createAugconWorkers({ config, connection, namespace, provider });
  const running = workers.run();
  try {
    const workflowId = newRunId(new Date(), 'augcon-demo', suffix);
    const handle = await session.augcon.startRun(llm.corpus(resolve(options.corpus)), { workflowId, taskQueue: config.taskQueue });
    const url = workflowUrl(namespace, handle.workflowId);
    log(`  corpus ${resolve(options.corpus)}; run ${handle.workflowId}`);
    const summary = await waitForRun(session.augcon, handle.workflowId, createProgressView(process.stderr, !options.json));
    const calls = llm.calls();
    if (options.json) {
      console.log(JSON.stringify({ ...summary, workflowId, url, llm: llm.banner, ...(calls === undefined ? {} : { standinCalls: calls }) }, null, 2));
    } else {
      console.log(formatSummary(summary, url));
      console.log(`  LLM              ${llm.banner}${calls === undefined ? '' : `: ${calls} calls`}`);
      if (model === 'smollm2') console.log(`  quality          augcon eval ${handle.workflowId} --data-dir ${resolve(options.dataDir)}  (the measures are also in manifest.json and the report)`);
    }
  } finally {
    workers.shutdown();
    await running;
    await connection.close();
    await session.close();
    await llm.close();
  }
}
