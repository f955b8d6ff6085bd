/**
 * Structured logs with pino: one JSON object a line (`level`, `time`, `msg`, and the fields of the
 * message), or a short human-readable line on a terminal. Every line passes the redactor first, so no
 * secret the worker holds can be written, whichever field or message it hides in.
 *
 * The Temporal runtime's logger (SDK, workflow and activity context loggers, and native Core logs when
 * forwarded) is bridged onto the same pino logger by {@link temporalLogger}: the attributes Temporal
 * attaches (workflowId, workflowType, activityType, attempt, taskQueue, ... and runName, see
 * activity-log-attributes.ts) become fields of the line.
 */
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import { createRedactor, type Redactor } from './redact';
import { parseJson } from '../domain/cst/parse';

export type LogFormat = 'json' | 'pretty';

export type { Logger };

export interface LoggerOptions {
  /** Messages below this level are dropped. @default "INFO" */
  level?: LogLevel;
  /** Unset: "pretty" when the destination is a terminal, "json" otherwise. */
  format?: LogFormat;
  /** 1 (stdout), 2 (stderr) or any stream taking whole lines (tests). @default 1 */
  destination?: 1 | 2 | DestinationStream;
  /** Values that must never be written (the API key, the store URL): see secretsFromEnv. */
  secrets?: readonly (string | undefined)[];
}

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Fields shown after the message in the pretty format, in this order. */
const PRETTY_FIELDS = ['runName', 'workflowId', 'workflowType', 'activityType', 'attempt', 'taskQueue', 'durationMs', 'err', 'error'];
const PRETTY_HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'sdkComponent', 'namespace', 'workflowRunId', 'runId', 'activityId', 'isLocal']);

function prettyValue(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  if (value !== null && typeof value === 'object' && 'message' in value && typeof value.message === 'string') return JSON.stringify(value.message);
  return JSON.stringify(value);
}

/** One JSON log line as `12:03:04.567 INFO  message  runName=... workflowId=...`. */
export function prettyLine(line: string): string {
  const parsed = parseJson(line);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) return line;
  const entry = parsed.value as Record<string, unknown>;
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const level = (typeof entry.level === 'string' ? entry.level : '').toUpperCase().padEnd(5);
  const keys = [...PRETTY_FIELDS.filter((key) => key in entry), ...Object.keys(entry).filter((key) => !PRETTY_FIELDS.includes(key) && !PRETTY_HIDDEN.has(key))];
  const fields = keys.map((key) => `${key}=${prettyValue(entry[key])}`).join(' ');
  const message = typeof entry.msg === 'string' ? entry.msg : '';
  return `${time} ${level} ${message}${fields ? `  ${fields}` : ''}\n`;
}

function isTerminal(destination: 1 | 2 | DestinationStream): boolean {
  if (destination === 1) return process.stdout.isTTY === true;
  if (destination === 2) return process.stderr.isTTY === true;
  return false;
}

/** The last line of defence: every written line, whatever produced it, goes through the redactor. */
function redactingStream(inner: DestinationStream, redactor: Redactor, format: LogFormat): DestinationStream {
  return {
    write(line: string) {
      const safe = redactor.text(line);
      inner.write(format === 'pretty' ? prettyLine(safe) : safe);
    },
  };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? 1;
  const format = options.format ?? (isTerminal(destination) ? 'pretty' : 'json');
  const redactor = createRedactor({ secrets: options.secrets });
  // Synchronous writes: a worker that exits (or is killed) loses no line it already logged.
  const inner = typeof destination === 'number' ? pino.destination({ dest: destination, sync: true }) : destination;
  return pino(
    {
      level: PINO_LEVEL[options.level ?? 'INFO'],
      timestamp: pino.stdTimeFunctions.isoTime,
      // The redactor (formatters.log, which runs first) already turns errors into { type, message, stack }.
      serializers: { err: (value: unknown) => value },
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => redactor.value(bindings) as Record<string, unknown>,
        log: (object) => redactor.value(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const [first, ...rest]: unknown[] = args;
          // pino takes an Error's message as the line's message: redact it like any other.
          const head = first instanceof Error ? [{ err: first }, redactor.text(first.message)] : [typeof first === 'string' ? redactor.text(first) : first];
          const tail = rest.map((arg) => (typeof arg === 'string' ? redactor.text(arg) : arg));
          method.apply(this, [...head, ...tail] as Parameters<typeof method>);
        },
      },
    },
    redactingStream(inner, redactor, format),
  );
}

/** Temporal's log attributes, as fields of the line: symbols and the opaque task token dropped. */
function temporalFields(meta: LogMetadata | undefined): Record<string, unknown> {
  if (!meta) return {};
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) {
    if (key === 'taskToken' || value === undefined) continue;
    fields[key] = value;
  }
  return fields;
}

export interface TemporalLoggerOptions {
  /** Messages to drop (e.g. expected SDK warnings). */
  drop?: (message: string, meta: LogMetadata | undefined) => boolean;
}

/** The Temporal runtime's Logger interface on top of a pino logger. */
export function temporalLogger(logger: Logger, options: TemporalLoggerOptions = {}): TemporalLogger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const method = PINO_LEVEL[level] ?? 'info';
    if (!logger.isLevelEnabled(method) || options.drop?.(message, meta)) return;
    logger[method](temporalFields(meta), message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
