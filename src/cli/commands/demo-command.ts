/**
 * `augcon demo`: the whole run on the sample corpus, offline. The LLM is the project's deterministic
 * stand-in server (text manipulation for tests and demos, NOT a model), served on 127.0.0.1; the
 * worker runs in this process against the local Temporal dev server.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { installRuntimeLogger } from '../../worker/runtime-logger';
import { createAugconWorkers } from '../../worker/create-workers';
import { WorkerConfigSchema } from '../../worker/worker-config';
import { OpenAiProvider } from '../../llm/openai-provider';
import { startStandinServer } from '../../standin/server';
import { STANDIN_BANNER } from '../../standin/main';
import { connectNativeConnection } from '../../client/connection';
import { formatSummary } from '../format-summary';
import { createProgressView } from '../progress-bar';
import { openSession, workflowUrl } from '../temporal-session';
import { waitForRun } from '../wait-for-run';



export async function demoCommand(options: { corpus: string; dataDir: string; json?: boolean }): Promise<void> {
  installRuntimeLogger('WARN'); // the demo shows its own progress
  const session = await openSession();
  const standin = await startStandinServer({ port: 0 });
  const log = (line: string) => {
    if (!options.json) console.log(line);
  };
  log(`augcon demo: LLM = ${STANDIN_BANNER} at ${standin.baseUrl}`);
  log('  Its questions and splits are mechanical; point AUGCON_LLM_BASE_URL at a real model for real data.');

  const { connection, namespace } = await connectNativeConnection();
  const suffix = randomBytes(3).toString('hex');
  const config = WorkerConfigSchema.parse({
    taskQueue: `augcon-demo-${suffix}`,
    dataDir: resolve(options.dataDir),
    llm: { provider: 'openai', baseUrl: standin.baseUrl, model: 'augcon-standin', maxInFlight: 16 },
  });
  const provider = new OpenAiProvider({ baseUrl: standin.baseUrl, apiKey: 'stand-in-needs-no-key', model: config.llm.model });
  const workers = await createAugconWorkers({ config, connection, namespace, provider });
  const running = workers.run();
  try {
    const workflowId = `augcon-demo-${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${suffix}`;
    const handle = await session.augcon.startRun({ corpus: { paths: [resolve(options.corpus)] }, seed: 1 }, { workflowId, taskQueue: config.taskQueue });
    const url = workflowUrl(namespace, handle.workflowId);
    log(`  corpus ${resolve(options.corpus)}; run ${handle.workflowId}`);
    const summary = await waitForRun(session.augcon, handle.workflowId, createProgressView(process.stderr, !options.json));
    const calls = standin.calls().length;
    if (options.json) {
      console.log(JSON.stringify({ ...summary, workflowId, url, llm: STANDIN_BANNER, standinCalls: calls }, null, 2));
    } else {
      console.log(formatSummary(summary, url));
      console.log(`  LLM              ${STANDIN_BANNER}: ${calls} calls`);
    }
  } finally {
    workers.shutdown();
    await running;
    await connection.close();
    await session.close();
    await standin.close();
  }
}
