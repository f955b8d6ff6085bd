/** Connects the CLI to Temporal and turns connection problems into an actionable message and exit code. */
import { type Client } from '@temporalio/client';
import { AugconClient } from '../client/augcon-client';
import { connectClient } from '../client/connection';
import { CliError, EXIT } from './exit-codes';

export interface TemporalSession {
  augcon: AugconClient;
  client: Client;
  namespace: string;
  close(): Promise<void>;
}

export async function openSession(): Promise<TemporalSession> {
  try {
    const { client, connection, namespace } = await connectClient();
    return { augcon: new AugconClient(client), client, namespace, close: () => connection.close() };
  } catch (error) {
    throw new CliError(
      `cannot connect to Temporal: ${error instanceof Error ? error.message : String(error)}\n` +
        'Start the local dev server with `bash scripts/temporal-dev.sh start` (or `augcon dev`), or choose a profile with TEMPORAL_PROFILE / TEMPORAL_ADDRESS.',
      EXIT.unavailable,
    );
  }
}
