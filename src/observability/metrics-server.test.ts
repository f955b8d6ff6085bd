import { createLlmMetrics } from './llm-metrics';
import { startMetricsServer } from './metrics-server';

describe('startMetricsServer', () => {
  it('serves the registry as Prometheus text on /metrics and nothing else', async () => {
    const metrics = createLlmMetrics();
    metrics.calls.inc({ outcome: 'ok' }, 3);
    const server = await startMetricsServer({ registry: metrics.registry, port: 0 });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`);
      const response = await fetch(server.url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      expect(text).toContain('# TYPE augcon_llm_calls_total counter');
      expect(text).toContain('augcon_llm_calls_total{outcome="ok"} 3');
      expect(text).toContain('augcon_llm_in_flight 0');
      expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
      expect((await fetch(server.url, { method: 'POST' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('fails clearly when the port is taken', async () => {
    const metrics = createLlmMetrics();
    const first = await startMetricsServer({ registry: metrics.registry, port: 0 });
    try {
      await expect(startMetricsServer({ registry: metrics.registry, port: first.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
