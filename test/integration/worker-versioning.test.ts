/**
 * Worker Versioning on the real dev server: a worker polls as a build of its deployment (the task
 * queue) and makes it current; a run is PINNED to the build that started it, so after a new build
 * becomes current, new runs start on it while a run in flight waits for, and finishes on, its own
 * build's workers (restarted here without taking the deployment back).
 */
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { createHarness, type Harness } from '../helpers/augcon-harness';
import { writeCorpus } from '../helpers/run-files';
import { waitFor } from '../helpers/wait-for';

const PINNED = temporal.api.enums.v1.VersioningBehavior.VERSIONING_BEHAVIOR_PINNED;

/** The build a run is pinned to ("pinned", once its first workflow task completed). */
async function pinnedBuild(client: Client, workflowId: string): Promise<{ status: string; behavior?: string; buildId?: string }> {
  const { status, raw } = await client.workflow.getHandle(workflowId).describe();
  const info = raw.workflowExecutionInfo?.versioningInfo;
  return { status: status.name, ...(info?.behavior ? { behavior: info.behavior === PINNED ? 'pinned' : String(info.behavior) } : {}), ...(info?.deploymentVersion?.buildId ? { buildId: info.deploymentVersion.buildId } : {}) };
}

async function currentBuild(harness: Harness): Promise<string | undefined> {
  const deployment = await harness.client.workflowService.describeWorkerDeployment({ namespace: 'default', deploymentName: harness.taskQueue });
  return deployment.workerDeploymentInfo?.routingConfig?.currentDeploymentVersion?.buildId ?? undefined;
}

describe('worker versioning', () => {
  let harness: Harness;
  let corpus: string;
  beforeAll(async () => {
    harness = await createHarness('worker-versioning');
    corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 2);
  });
  afterAll(() => harness?.close());

  it('pins a run to the build that started it while new runs start on the new current build', async () => {
    // Build A, the hash of the workflow code, is current: a run starts on it and is pinned.
    const buildA = await currentBuild(harness);
    expect(buildA).toMatch(/^[0-9a-f]{16}$/);
    const first = `${harness.name}-on-a`;
    await harness.augcon.startRun({ corpus: { paths: [corpus] }, seed: 3 }, { workflowId: first, taskQueue: harness.taskQueue });
    await waitFor(async () => (await pinnedBuild(harness.client, first)).buildId !== undefined, { description: 'the first run to be pinned' });
    expect(await pinnedBuild(harness.client, first)).toEqual({ status: 'RUNNING', behavior: 'pinned', buildId: buildA });

    // Build B is deployed and made current by its worker; A's workers are gone.
    await harness.stopWorkers();
    await harness.startWorkers({ buildId: 'build-b' });
    expect(await currentBuild(harness)).toBe('build-b');

    const second = await harness.run({ corpus: { paths: [corpus] }, seed: 4 }, `${harness.name}-on-b`);
    expect(second.candidates).toBeGreaterThan(0);
    expect(await pinnedBuild(harness.client, `${harness.name}-on-b`)).toEqual({ status: 'COMPLETED', behavior: 'pinned', buildId: 'build-b' });
    // B's workers never take the first run's tasks: it cannot move while no worker of A polls.
    expect(await pinnedBuild(harness.client, first)).toEqual({ status: 'RUNNING', behavior: 'pinned', buildId: buildA });

    // A's workers come back to drain it, without making A current again.
    await harness.stopWorkers();
    await harness.startWorkers({ buildId: buildA!, makeCurrent: 'off' });
    const finished = await harness.augcon.result(first);
    expect(finished.candidates).toBeGreaterThan(0);
    expect(await pinnedBuild(harness.client, first)).toEqual({ status: 'COMPLETED', behavior: 'pinned', buildId: buildA });
    expect(await currentBuild(harness)).toBe('build-b');
  });
});
