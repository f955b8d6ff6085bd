import { trace } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { InMemorySpanExporter, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { createRedactor } from './redact';
import { clientInterceptors, redactingSpanExporter, setupTracing, shutdownTracing, tracingModeFromEnv } from './tracing';

const API_KEY = 'sk-augcon-tracing-test-5b1d';

describe('tracingModeFromEnv', () => {
  it('is off unless AUGCON_OTEL says on or console', () => {
    expect(tracingModeFromEnv({})).toBe('off');
    expect(tracingModeFromEnv({ AUGCON_OTEL: 'ON' })).toBe('on');
    expect(tracingModeFromEnv({ AUGCON_OTEL: 'console' })).toBe('console');
    expect(() => tracingModeFromEnv({ AUGCON_OTEL: 'yes' })).toThrow(/AUGCON_OTEL: expected off, on or console/);
    expect(clientInterceptors({})).toEqual({});
  });
});

describe('setupTracing', () => {
  afterEach(() => shutdownTracing());

  it('does nothing when off', () => {
    expect(setupTracing({ mode: 'off' })).toBeUndefined();
  });

  it('exports spans through the given exporter, with secrets redacted', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = setupTracing({ mode: 'on', serviceName: 'augcon-test', spanExporter: exporter, env: { AUGCON_LLM_API_KEY: API_KEY } });
    expect(tracing).toBeDefined();
    // Global: a second call returns the same set-up.
    expect(setupTracing({ mode: 'on' })).toBe(tracing);
    const span = trace.getTracer('test').startSpan(`call with ${API_KEY}`, { attributes: { 'http.url': 'https://user:pw@example.com/v1', apiKey: API_KEY, runName: 'run-1' } });
    span.addEvent('retry', { reason: `401 for ${API_KEY}` });
    span.setStatus({ code: 2, message: `failed with ${API_KEY}` });
    span.end();
    await tracing!.spanProcessor.forceFlush();
    const [exported] = exporter.getFinishedSpans();
    expect(exported).toBeDefined();
    expect(exported!.resource.attributes['service.name']).toBe('augcon-test');
    expect(exported!.attributes).toEqual({ 'http.url': 'https://[redacted]@example.com/v1', apiKey: '[redacted]', runName: 'run-1' });
    expect(exported!.name).toBe('call with [redacted]');
    expect(exported!.events[0]!.attributes).toEqual({ reason: '401 for [redacted]' });
    expect(exported!.status.message).toBe('failed with [redacted]');
    expect(exported!.spanContext().traceId).toBe(span.spanContext().traceId);
    expect(JSON.stringify(exported!.attributes)).not.toContain(API_KEY);
  });
});

describe('redactingSpanExporter', () => {
  /** An exporter that records what reaches it, so the wrapper's effect on each call is visible. */
  function recordingExporter(options: { withForceFlush: boolean }) {
    const calls: string[] = [];
    const exported: ReadableSpan[][] = [];
    const exporter: SpanExporter = {
      export(spans, resultCallback) {
        exported.push(spans);
        resultCallback({ code: ExportResultCode.SUCCESS });
      },
      shutdown: async () => {
        calls.push('shutdown');
      },
      ...(options.withForceFlush
        ? {
            forceFlush: async () => {
              calls.push('forceFlush');
            },
          }
        : {}),
    };
    return { exporter, calls, exported };
  }

  it('passes shutdown and forceFlush through to the exporter it wraps', async () => {
    const inner = recordingExporter({ withForceFlush: true });
    const exporter = redactingSpanExporter(inner.exporter, createRedactor());
    await exporter.forceFlush!();
    expect(inner.calls).toEqual(['forceFlush']);
    await exporter.shutdown();
    expect(inner.calls).toEqual(['forceFlush', 'shutdown']);
  });

  it('has no forceFlush when the exporter it wraps has none', () => {
    const exporter = redactingSpanExporter(recordingExporter({ withForceFlush: false }).exporter, createRedactor());
    expect(exporter.forceFlush).toBeUndefined();
  });

  it('hands the wrapped exporter redacted copies, leaves the originals alone, and reports its result', () => {
    const inner = recordingExporter({ withForceFlush: false });
    const exporter = redactingSpanExporter(inner.exporter, createRedactor({ secrets: [API_KEY] }));
    const original = {
      name: `call with ${API_KEY}`,
      attributes: { apiKey: 'abc', runName: 'run-1' },
      events: [{ name: `retry ${API_KEY}`, time: [0, 0] }],
      status: { code: 1 },
    } as unknown as ReadableSpan;
    const results: ExportResult[] = [];
    exporter.export([original], (result) => results.push(result));

    expect(results).toEqual([{ code: ExportResultCode.SUCCESS }]);
    expect(inner.exported).toHaveLength(1);
    const [copy] = inner.exported[0]!;
    expect(copy!.name).toBe('call with [redacted]');
    expect(copy!.attributes).toEqual({ apiKey: '[redacted]', runName: 'run-1' });
    expect(copy!.events).toEqual([{ name: 'retry [redacted]', time: [0, 0] }]);
    // No message: none is made up.
    expect(copy!.status).toEqual({ code: 1 });
    expect(original.name).toBe(`call with ${API_KEY}`);
    expect(original.attributes).toEqual({ apiKey: 'abc', runName: 'run-1' });
  });
});
