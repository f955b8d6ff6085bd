/** Serves the stand-in LLM server on its own (the demo's `augcon standin`); runs until SIGINT or SIGTERM. */
import { startStandinServer, type StandinOptions } from './server';

export const STANDIN_BANNER = 'augcon stand-in LLM server (deterministic test double, not a model)';

export async function serveStandin(options: Pick<StandinOptions, 'port' | 'latencyMs' | 'seed' | 'capacity' | 'overCapacity'>): Promise<void> {
  const server = await startStandinServer(options);
  console.log(`${STANDIN_BANNER} listening on ${server.baseUrl}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
}
