/**
 * OpenTelemetry traces through @temporalio/interceptors-opentelemetry (AUGCON_OTEL=on|console):
 * - the client starts each workflow in a span and passes its context in the headers
 *   ({@link clientInterceptors});
 * - the worker's workflow interceptors (src/observability/workflow-interceptors.ts, bundled into
 *   dist/workflow-bundle-otel.js) trace workflow executions, child workflows and activity scheduling,
 *   and hand their spans to the worker through the `exporter` sink, since the workflow sandbox cannot
 *   do I/O;
 * - the activity inbound interceptor traces each activity execution, under the workflow's span.
 *
 * Spans leave through OTLP over HTTP (OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://localhost:4318; the
 * exporter's own default when unset) with AUGCON_OTEL=on, or are printed to stdout with
 * AUGCON_OTEL=console. Every exported span passes the redactor first.
 */
import type { ClientInterceptors } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, WorkerOptions } from '@temporalio/worker';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { createRedactor, secretsFromEnv, type Redactor } from './redact';

export const TRACING_MODES = ['off', 'on', 'console'] as const;
export type TracingMode = (typeof TRACING_MODES)[number];

export interface Tracing {
  mode: Exclude<TracingMode, 'off'>;
  /** Where spans go, for the start-up message. */
  exporterDescription: string;
  resource: Resource;
  spanProcessor: SpanProcessor;
  /** Flushes pending spans and stops exporting. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  mode: TracingMode;
  /** service.name of the spans. @default "augcon-worker" */
  serviceName?: string;
  env?: NodeJS.ProcessEnv;
  /** Replaces the exporter the mode would choose (tests: an InMemorySpanExporter). */
  spanExporter?: SpanExporter;
}

/** A span exporter that writes nothing a secret could hide in: names, attributes, events, status. */
export function redactingSpanExporter(inner: SpanExporter, redactor: Redactor): SpanExporter {
  const redactSpan = (span: ReadableSpan): ReadableSpan => {
    const copy = Object.create(span) as ReadableSpan;
    Object.defineProperties(copy, {
      name: { value: redactor.text(span.name), enumerable: true },
      attributes: { value: redactor.value(span.attributes), enumerable: true },
      events: { value: span.events.map((event) => ({ ...event, name: redactor.text(event.name), ...(event.attributes ? { attributes: redactor.value(event.attributes) } : {}) })), enumerable: true },
      status: { value: { ...span.status, ...(span.status.message === undefined ? {} : { message: redactor.text(span.status.message) }) }, enumerable: true },
    });
    return copy;
  };
  return {
    export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void) {
      inner.export(spans.map(redactSpan), resultCallback);
    },
    shutdown: () => inner.shutdown(),
    ...(inner.forceFlush ? { forceFlush: () => inner.forceFlush!() } : {}),
  };
}

let registered: Tracing | undefined;

/**
 * Sets up tracing for this process (once: OpenTelemetry's tracer provider is global) and returns what
 * the worker needs to trace workflows and activities; undefined when the mode is "off".
 */
export function setupTracing(options: TracingOptions): Tracing | undefined {
  if (options.mode === 'off') return undefined;
  if (registered) return registered;
  const env = options.env ?? process.env;
  const resource = new Resource({ 'service.name': options.serviceName ?? 'augcon-worker' });
  let exporter: SpanExporter;
  let exporterDescription: string;
  if (options.spanExporter) {
    exporter = options.spanExporter;
    exporterDescription = 'a span exporter given in code';
  } else if (options.mode === 'console') {
    exporter = new ConsoleSpanExporter();
    exporterDescription = 'console (stdout)';
  } else {
    // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT / _TRACES_ENDPOINT / _HEADERS itself.
    exporter = new OTLPTraceExporter();
    const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
    exporterDescription = `OTLP/HTTP ${endpoint ? createRedactor().text(endpoint) : 'http://localhost:4318 (OTEL_EXPORTER_OTLP_ENDPOINT unset)'}`;
  }
  const safeExporter = redactingSpanExporter(exporter, createRedactor({ secrets: secretsFromEnv(env) }));
  // Batches for a collector; one span at a time for the console and tests, so they see spans at once.
  const spanProcessor = options.mode === 'on' && !options.spanExporter ? new BatchSpanProcessor(safeExporter) : new SimpleSpanProcessor(safeExporter);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register(); // global tracer provider, AsyncLocalStorage context, W3C trace-context propagation
  registered = {
    mode: options.mode,
    exporterDescription,
    resource,
    spanProcessor,
    async shutdown() {
      await provider.shutdown();
    },
  };
  return registered;
}

/** The activity interceptors: a span per execution, and the trace and span ids on its log lines. */
export const tracingActivityInterceptors: ActivityInterceptorsFactory = (context) => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(context),
  outbound: new OpenTelemetryActivityOutboundInterceptor(context),
});

/** The `exporter` sink the workflow interceptors send their spans to. */
export function tracingSinks(tracing: Tracing): NonNullable<WorkerOptions['sinks']> {
  return { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) };
}

/** The workflow interceptors module (in dist/workflow-bundle-otel.js when prebuilt). */
export const WORKFLOW_INTERCEPTORS_MODULE = require.resolve('./workflow-interceptors');

/**
 * The Client's workflow interceptors: with AUGCON_OTEL=on|console, starting a workflow (and signalling
 * it) is traced, and the span's context travels to the worker in the workflow's headers, so the whole run
 * is one trace. Pass as `new Client({ connection, namespace, interceptors: clientInterceptors() })`.
 * Also sets up this process's tracer provider (service "augcon-client").
 */
export function clientInterceptors(env: NodeJS.ProcessEnv = process.env): ClientInterceptors {
  const mode = tracingModeFromEnv(env);
  if (mode === 'off') return {};
  setupTracing({ mode, serviceName: 'augcon-client', env });
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

/** AUGCON_OTEL: off (the default), on or console, in any case. */
export function tracingModeFromEnv(env: NodeJS.ProcessEnv = process.env): TracingMode {
  const value = (env.AUGCON_OTEL ?? '').trim().toLowerCase() || 'off';
  if ((TRACING_MODES as readonly string[]).includes(value)) return value as TracingMode;
  throw new Error(`AUGCON_OTEL: expected off, on or console, got ${env.AUGCON_OTEL}`);
}

/** Flushes and stops this process's tracing, if any (call before a CLI process exits). */
export async function shutdownTracing(): Promise<void> {
  const tracing = registered;
  registered = undefined;
  await tracing?.shutdown();
}
