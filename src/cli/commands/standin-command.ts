import { serveStandin } from '../../standin/main';

export async function standinCommand(options: { port: number; latencyMs: number; seed: number }): Promise<void> {
  await serveStandin(options);
}
