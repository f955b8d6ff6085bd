/**
 * `augcon codec-server [--port 8888] [--host 127.0.0.1] [--origin <url>...]`: serves the payload codec
 * (the key from AUGCON_PAYLOAD_KEY or AUGCON_PAYLOAD_KEY_FILE, old keys from AUGCON_PAYLOAD_OLD_KEYS)
 * so the Temporal Web UI and CLI can show encrypted payloads; runs until SIGINT or SIGTERM.
 * AUGCON_CODEC_SERVER_TOKEN, when set, is required as `Authorization: Bearer <token>`.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { DEFAULT_CODEC_SERVER_PORT, normalizeOrigin, startCodecServer, type CodecServer } from '../../codec/codec-server';
import { temporalUiOrigins } from '../../client/temporal-ui';
import { codecFromEnv } from '../../codec/data-converter';
import { CodecKeyError } from '../../codec/payload-keys';
import { portNumber } from '../arguments';
import { CliError, EXIT } from '../exit-codes';

export interface CodecServerCommandOptions {
  port: number;
  host: string;
  origin?: string[];
}

function origins(value: string, previous: string[] = []): string[] {
  try {
    return [...previous, normalizeOrigin(value)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** Starts the server and prints where to point the Web UI; resolves with the running server. */
export async function startCodecServerCommand(options: CodecServerCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<CodecServer> {
  let codec;
  try {
    codec = codecFromEnv(env);
  } catch (error) {
    if (error instanceof CodecKeyError) throw new CliError(error.message, EXIT.invalidInput);
    throw error;
  }
  if (!codec) throw new CliError('no payload key: set AUGCON_PAYLOAD_KEY (the base64 of 32 bytes) or AUGCON_PAYLOAD_KEY_FILE, the same key the workers use', EXIT.invalidInput);
  const token = env.AUGCON_CODEC_SERVER_TOKEN || undefined;
  const allowedOrigins = options.origin && options.origin.length > 0 ? options.origin : temporalUiOrigins(env);
  let server: CodecServer;
  try {
    server = await startCodecServer({
      port: options.port,
      host: options.host,
      codec,
      allowedOrigins,
      token,
      onError: ({ method, path, status, message }) => console.error(`augcon codec-server: ${method} ${path} ${status}: ${message}`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${options.port} is in use: pick another with --port`, EXIT.unavailable);
    throw error;
  }
  console.log(`augcon codec server listening on ${server.url} (encrypts with key "${codec.keyId}", decrypts ${codec.keyIds.map((id) => `"${id}"`).join(', ')})`);
  console.log(`  Web UI: set the codec endpoint (Settings → Codec Server) to ${server.url}`);
  console.log(`          or start the dev server with: temporal server start-dev --ui-codec-endpoint ${server.url}`);
  console.log(`  CLI:    temporal workflow show --workflow-id <run> --codec-endpoint ${server.url}${token ? ' --codec-auth "Bearer $AUGCON_CODEC_SERVER_TOKEN"' : ''}`);
  console.log(`  Browser origins allowed: ${allowedOrigins.join(', ')}${token ? '; requests need the bearer token (AUGCON_CODEC_SERVER_TOKEN)' : ''}`);
  return server;
}

export async function codecServerCommand(options: CodecServerCommandOptions): Promise<void> {
  const server = await startCodecServerCommand(options);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
}

export function registerCodecServerCommand(program: Command): Command {
  return program
    .command('codec-server')
    .description('serve the payload codec (AUGCON_PAYLOAD_KEY) so the Temporal Web UI and CLI can show encrypted payloads')
    .option('--port <n>', 'port (0 = any free port)', portNumber, DEFAULT_CODEC_SERVER_PORT)
    .option('--host <address>', 'address to listen on (whoever reaches it can decrypt)', '127.0.0.1')
    .option('--origin <url>', 'Web UI origin allowed to call it; repeat for several (default: the Web UI of AUGCON_TEMPORAL_UI_URL or AUGCON_TEMPORAL_UI_PORT, else http://localhost:8233 and http://127.0.0.1:8233)', origins)
    .action(codecServerCommand);
}
