/**
 * Prebuilds the workflow bundles at build time, so workers start without running webpack (STYLE:
 * temporalio/samples-typescript production/). Workers use them when present:
 * - dist/workflow-bundle.js: the workflows;
 * - dist/workflow-bundle-otel.js: the same workflows with the OpenTelemetry workflow interceptors
 *   (src/observability/workflow-interceptors.ts), for workers with AUGCON_OTEL=on|console. A prebuilt
 *   bundle cannot take interceptor modules at worker start, hence a second bundle.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_FILES } from './create-workers';

async function main(): Promise<void> {
  const bundles = [
    { file: WORKFLOW_BUNDLE_FILES.plain, workflowInterceptorModules: [] },
    { file: WORKFLOW_BUNDLE_FILES.tracing, workflowInterceptorModules: [require.resolve('../observability/workflow-interceptors')] },
  ];
  for (const { file, workflowInterceptorModules } of bundles) {
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), workflowInterceptorModules, logger: new DefaultLogger('WARN') });
    const target = join(__dirname, '..', '..', file);
    await writeFile(target, code);
    console.log(`workflow bundle: ${target} (${Math.round(code.length / 1024)} KiB)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
