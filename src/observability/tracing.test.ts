import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
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
  it('passes shutdown and forceFlush through', async () => {
    const inner = new InMemorySpanExporter();
    const exporter = redactingSpanExporter(inner, createRedactor());
    await exporter.forceFlush!();
    await exporter.shutdown();
  });
});
