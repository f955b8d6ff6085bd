/**
 * The worker's observability: structured logs (pino), LLM metrics on a Prometheus endpoint
 * (prom-client), and OpenTelemetry traces through @temporalio/interceptors-opentelemetry.
 * Node-only: workflow code imports nothing from here (its interceptors are workflow-interceptors.ts).
 */
export { createLogger, prettyLine, temporalLogger, type LogFormat, type Logger, type LoggerOptions } from './logger';
export { createRedactor, isSecretField, REDACTED, secretsFromEnv, type Redactor } from './redact';
export { createLlmMetrics, LLM_CALL_BUCKETS, LLM_ERROR_CLASSES, type LlmCallOutcome, type LlmMetrics } from './llm-metrics';
export { startMetricsServer, type MetricsServer } from './metrics-server';
export { runNameLogAttributes } from './activity-log-attributes';
export {
  clientInterceptors,
  setupTracing,
  shutdownTracing,
  tracingModeFromEnv,
  TRACING_MODES,
  type Tracing,
  type TracingMode,
} from './tracing';
