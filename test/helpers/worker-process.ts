/** Workers as their own processes (the compiled worker), for tests that kill them with SIGKILL. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { temporalAddress, type Harness } from './augcon-harness';

const ROOT = join(__dirname, '..', '..');
const WORKER = join(ROOT, 'dist', 'src', 'worker', 'main.js');

export interface WorkerProcess {
  child: ChildProcess;
  output: string[];
}

export function assertWorkerBuilt(): void {
  if (!existsSync(WORKER) || !existsSync(join(ROOT, 'dist', 'workflow-bundle.js'))) {
    throw new Error('build first: npm run build (scripts/test.sh does) — this test runs the compiled worker as its own process');
  }
}

export function startWorker(
  harness: Harness,
  options: { dataDir: string; taskQueue: string; apiKey: string; storeUrl?: string; env?: Record<string, string> },
): WorkerProcess {
  const child = spawn(process.execPath, [WORKER], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_NAMESPACE: 'default',
      AUGCON_TASK_QUEUE: options.taskQueue,
      AUGCON_DATA_DIR: options.dataDir,
      AUGCON_LLM_BASE_URL: harness.standin.baseUrl,
      AUGCON_LLM_MODEL: 'augcon-standin',
      AUGCON_LLM_API_KEY: options.apiKey,
      AUGCON_LLM_MAX_IN_FLIGHT: '16',
      ...(options.storeUrl ? { AUGCON_STORE_URL: options.storeUrl } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return { child, output };
}

export function isAlive(worker: WorkerProcess): boolean {
  return worker.child.exitCode === null && worker.child.signalCode === null;
}

export async function killWorker(worker: WorkerProcess): Promise<void> {
  if (!isAlive(worker)) return;
  const exited = new Promise<void>((resolve) => worker.child.once('exit', () => resolve()));
  worker.child.kill('SIGKILL');
  await exited;
}
