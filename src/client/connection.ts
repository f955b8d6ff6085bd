/**
 * Temporal connection settings from envconfig profiles (temporal-config/temporal.toml by default;
 * TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY and
 * the other TEMPORAL_* variables override it, as envconfig defines). Used by the CLI, the client
 * API and the worker alike.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection } from '@temporalio/worker';
import { packageRoot } from './package-root';
import { clientInterceptors } from '../observability';
import { codecDataConverter } from '../codec/data-converter';

export interface TemporalConnectConfig {
  connectionOptions: ConnectionOptions;
  namespace: string;
  profile: string;
  configFile?: string;
}

export class TemporalConfigError extends Error {
  override name = 'TemporalConfigError';
}

/** The project's profile file unless TEMPORAL_CONFIG_FILE names another. */
export function defaultConfigFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TEMPORAL_CONFIG_FILE) return env.TEMPORAL_CONFIG_FILE;
  try {
    const file = join(packageRoot(), 'temporal-config', 'temporal.toml');
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

export function loadTemporalConnectConfig(options: { profile?: string; configFile?: string; env?: NodeJS.ProcessEnv } = {}): TemporalConnectConfig {
  const env = options.env ?? process.env;
  const profile = options.profile ?? env.TEMPORAL_PROFILE ?? 'local';
  const configFile = options.configFile ?? defaultConfigFile(env);
  try {
    const loaded = loadClientConnectConfig({
      profile,
      ...(configFile ? { configSource: { path: configFile } } : { disableFile: true }),
      configFileStrict: true,
      overrideEnvVars: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    });
    return {
      connectionOptions: { address: 'localhost:7233', ...(loaded.connectionOptions as ConnectionOptions) },
      namespace: loaded.namespace ?? 'default',
      profile,
      configFile,
    };
  } catch (error) {
    throw new TemporalConfigError(
      `cannot load Temporal profile "${profile}"${configFile ? ` from ${configFile}` : ''}: ${(error as Error).message} ` +
        '(set TEMPORAL_PROFILE to a profile of that file, or TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE)',
    );
  }
}

export async function connectClient(options?: Parameters<typeof loadTemporalConnectConfig>[0]): Promise<{ client: Client; connection: Connection; namespace: string }> {
  const config = loadTemporalConnectConfig(options);
  const connection = await Connection.connect(config.connectionOptions);
  // With AUGCON_OTEL on, starting a workflow opens the trace its workers continue.
  const dataConverter = codecDataConverter();
  return {
    client: new Client({ connection, namespace: config.namespace, interceptors: clientInterceptors(), ...(dataConverter ? { dataConverter } : {}) }),
    connection,
    namespace: config.namespace,
  };
}

export async function connectNativeConnection(options?: Parameters<typeof loadTemporalConnectConfig>[0]): Promise<{ connection: NativeConnection; namespace: string }> {
  const config = loadTemporalConnectConfig(options);
  const connection = await NativeConnection.connect(config.connectionOptions as Parameters<typeof NativeConnection.connect>[0]);
  return { connection, namespace: config.namespace };
}
