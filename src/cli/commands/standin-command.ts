import { serveStandin } from '../../standin/main';

export async function standinCommand(options: { port: number; latencyMs: number; seed: number; capacity?: number; overCapacity?: 'queue' | 'reject' }): Promise<void> {
  await serveStandin(options);
}
