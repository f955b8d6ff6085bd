/**
 * Workflow interceptors for OpenTelemetry tracing. Not a workflow: a module the workflow bundle loads
 * (`interceptors.workflowModules`, or `workflowInterceptorModules` of the prebuilt
 * dist/workflow-bundle-otel.js), so it runs inside the deterministic sandbox and may import nothing but
 * workflow-safe code. Spans leave through the `exporter` sink the worker injects (tracing.ts).
 */
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [new OpenTelemetryInboundInterceptor()],
  outbound: [new OpenTelemetryOutboundInterceptor()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
