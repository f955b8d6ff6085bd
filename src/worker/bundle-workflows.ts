/**
 * Prebuilds the workflow bundle (dist/workflow-bundle.js) at build time, so workers start without
 * running webpack (STYLE: temporalio/samples-typescript production/). Workers use it when present.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: new DefaultLogger('WARN') });
  const target = join(__dirname, '..', '..', 'workflow-bundle.js');
  await writeFile(target, code);
  console.log(`workflow bundle: ${target} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
