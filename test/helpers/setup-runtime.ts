/**
 * Integration test files: the Temporal runtime logs warnings and errors only, as JSON lines into
 * test-results/worker-logs/<test file>.log instead of the test output (many tests cause failures on
 * purpose); test/helpers/failed-test-logs.cjs prints the tail of that file when a test of it fails.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createLogger } from '../../src/observability/logger';
import { secretsFromEnv } from '../../src/observability/redact';
import { installRuntimeLogger } from '../../src/worker/runtime-logger';

const LOG_DIR = join(__dirname, '..', '..', 'test-results', 'worker-logs');
const started = new Set<string>();

/** The log file of the running test file (the same rule as failed-test-logs.cjs), emptied on first use. */
function logFile(): string {
  const testPath = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState().testPath ?? 'outside-a-test';
  const file = join(LOG_DIR, `${basename(testPath)}.log`);
  if (!started.has(file)) {
    mkdirSync(LOG_DIR, { recursive: true });
    writeFileSync(file, '');
    started.add(file);
  }
  return file;
}

const destination = { write: (line: string) => appendFileSync(logFile(), line) };

// Core's own logs are not forwarded: test files that never start a worker must still let Jest exit.
installRuntimeLogger('WARN', { forwardCoreLogs: false, logger: createLogger({ level: 'WARN', format: 'json', destination, secrets: secretsFromEnv() }) });
