import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

/**
 * Installs the Temporal runtime's logger at `level`. The LLM task queue has activities only, by design,
 * so the SDK's "No workflows registered" warning for it is dropped.
 */
export function installRuntimeLogger(level: LogLevel): void {
  const fallback = new DefaultLogger(level);
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      if (entry.message.startsWith('No workflows registered')) return;
      fallback.log(entry.level, entry.message, entry.meta);
    }),
  });
}
