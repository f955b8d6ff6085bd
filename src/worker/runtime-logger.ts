import { Runtime, type LogLevel } from '@temporalio/worker';
import { createLogger, temporalLogger, type Logger } from '../observability/logger';
import { secretsFromEnv } from '../observability/redact';

export interface RuntimeLoggerOptions {
  /** The pino logger everything goes to. @default JSON or pretty lines on stderr (AUGCON_LOG_FORMAT), secrets of the environment redacted */
  logger?: Logger;
  /**
   * Forwards the native Core's own logs to the logger. @default true. A process that may never start a
   * worker (a test file without Temporal) turns it off: the forwarding keeps the event loop alive
   * until the runtime shuts down.
   */
  forwardCoreLogs?: boolean;
  /** Serves Temporal's own worker metrics (temporal_*) as Prometheus text on http://<address>/metrics, e.g. "127.0.0.1:9465". */
  temporalMetricsAddress?: string;
}

/** Core (Rust) logs are verbose below INFO; they follow the level down to INFO only. */
function coreLogLevel(level: LogLevel): LogLevel {
  return level === 'TRACE' || level === 'DEBUG' ? 'INFO' : level;
}

/**
 * Installs the Temporal runtime with its logger on pino (src/observability/logger.ts): the SDK's
 * messages, the workflow and activity context loggers (with their workflowId, activityType, ... fields)
 * and the native Core's logs (forwarded) all become structured lines at `level`. The LLM task queue has
 * activities only, by design, and augcon has no Nexus services, so the SDK's "No workflows registered"
 * warning and "No Nexus services registered" notice are dropped.
 */
export function installRuntimeLogger(level: LogLevel, options: RuntimeLoggerOptions = {}): void {
  const format = process.env.AUGCON_LOG_FORMAT === 'json' || process.env.AUGCON_LOG_FORMAT === 'pretty' ? process.env.AUGCON_LOG_FORMAT : undefined;
  const logger = options.logger ?? createLogger({ level, format, destination: 2, secrets: secretsFromEnv() });
  Runtime.install({
    logger: temporalLogger(logger, { drop: (message) => message.startsWith('No workflows registered') || message.startsWith('No Nexus services registered') }),
    telemetryOptions: {
      ...(options.forwardCoreLogs === false ? {} : { logging: { forward: {}, filter: { core: coreLogLevel(level), other: 'ERROR' } } }),
      ...(options.temporalMetricsAddress ? { metrics: { prometheus: { bindAddress: options.temporalMetricsAddress } } } : {}),
    },
  });
}
