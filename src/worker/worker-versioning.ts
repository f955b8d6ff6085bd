/**
 * Worker Versioning (docs/decisions/0007-worker-versioning.md): an augcon worker belongs to a worker
 * deployment (AUGCON_WORKER_DEPLOYMENT, default: its task queue) at a build id (AUGCON_BUILD_ID,
 * default: the sha256 of its workflow code), and every run is PINNED to the build that started it. A
 * changed workflow ships as a new build: runs in flight finish on the workers of their own build, new
 * runs start on the deployment's current build, and no workflow needs a patched() guard.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NativeConnection, WorkerOptions } from '@temporalio/worker';
import type { WorkerConfig } from './worker-config';

export interface DeploymentVersion {
  deploymentName: string;
  buildId: string;
}

/** The build id of a workflow bundle: its code's sha256, 16 hex digits. */
export function buildIdOf(workflowCode: string): string {
  return createHash('sha256').update(workflowCode).digest('hex').slice(0, 16);
}

/** The worker's deployment version: AUGCON_WORKER_DEPLOYMENT (else the task queue) at AUGCON_BUILD_ID (else the code's hash). */
export function deploymentVersionOf(config: WorkerConfig, workflowCode: string): DeploymentVersion | undefined {
  const { versioning } = config;
  if (versioning.mode === 'off') return undefined;
  return { deploymentName: versioning.deploymentName ?? config.taskQueue.replace(/\./g, '-'), buildId: versioning.buildId ?? buildIdOf(workflowCode) };
}

/** The worker options that put a worker in its deployment version, its workflows PINNED. */
export function deploymentOptions(version: DeploymentVersion | undefined): Pick<WorkerOptions, 'workerDeploymentOptions'> {
  return version ? { workerDeploymentOptions: { useWorkerVersioning: true, version, defaultVersioningBehavior: 'PINNED' } } : {};
}

export interface MakeCurrentOptions {
  connection: NativeConnection;
  namespace: string;
  version: DeploymentVersion;
  /** The task queues the version must be polling before it takes new runs. */
  taskQueues: string[];
  /** How long to wait for the pollers to register. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Makes `version` its deployment's current version (where new runs start) once the server has seen
 * its workers poll every one of `taskQueues`; nothing to do when it already is. Returns whether this
 * call changed the current version.
 */
export async function makeCurrentVersion(options: MakeCurrentOptions): Promise<boolean> {
  const { connection, namespace, version, taskQueues, signal } = options;
  const service = connection.workflowService;
  const deadline = Date.now() + options.timeoutMs;
  let waitingFor = `its workers to poll ${taskQueues.join(' and ')}`;
  for (;;) {
    try {
      const described = await service.describeWorkerDeploymentVersion({ namespace, deploymentVersion: version });
      const polled = new Set((described.workerDeploymentVersionInfo?.taskQueueInfos ?? []).map((queue) => queue.name));
      const missing = taskQueues.filter((queue) => !polled.has(queue));
      if (missing.length === 0) {
        const deployment = await service.describeWorkerDeployment({ namespace, deploymentName: version.deploymentName });
        if (deployment.workerDeploymentInfo?.routingConfig?.currentDeploymentVersion?.buildId === version.buildId) return false;
        await service.setWorkerDeploymentCurrentVersion({
          namespace,
          deploymentName: version.deploymentName,
          buildId: version.buildId,
          conflictToken: deployment.conflictToken,
          identity: `augcon worker ${version.buildId}`,
        });
        return true;
      }
      waitingFor = `its workers to poll ${missing.join(' and ')}`;
    } catch (error) {
      // NOT_FOUND until the first poll registers the version; a conflict when another worker changed
      // the deployment between the describe and the set. Both are retried.
      waitingFor = error instanceof Error ? error.message : String(error);
    }
    if (signal?.aborted) return false;
    if (Date.now() > deadline) {
      throw new Error(
        `worker deployment ${version.deploymentName}: build ${version.buildId} could not be made current within ${Math.round(options.timeoutMs / 1000)} s (waiting for ${waitingFor}); ` +
          'make it current with: temporal worker deployment set-current-version ' +
          `--deployment-name ${version.deploymentName} --build-id ${version.buildId}, or set AUGCON_WORKER_VERSIONING=off for a server without worker deployments`,
      );
    }
    await sleep(250, undefined, { signal }).catch(() => undefined);
  }
}
