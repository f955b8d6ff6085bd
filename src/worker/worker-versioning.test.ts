import { buildIdOf, deploymentOptions, deploymentVersionOf } from './worker-versioning';
import { describeWorker } from './main';
import { loadWorkerConfig } from './worker-config';

describe('worker versioning settings', () => {
  it('names the deployment after the task queue and the build after the workflow code by default', () => {
    const config = loadWorkerConfig({ AUGCON_TASK_QUEUE: 'team.a' });
    const version = deploymentVersionOf(config, 'workflow code v1');
    // "." separates a deployment name from a build id in Temporal's version strings.
    expect(version).toEqual({ deploymentName: 'team-a', buildId: buildIdOf('workflow code v1') });
    expect(buildIdOf('workflow code v1')).toMatch(/^[0-9a-f]{16}$/);
    // A change to the workflow code is a new build.
    expect(buildIdOf('workflow code v2')).not.toBe(buildIdOf('workflow code v1'));
    expect(deploymentOptions(version)).toEqual({ workerDeploymentOptions: { useWorkerVersioning: true, version, defaultVersioningBehavior: 'PINNED' } });
  });

  it('takes the deployment, build and promotion from the environment, and can be turned off', () => {
    const config = loadWorkerConfig({ AUGCON_WORKER_DEPLOYMENT: 'augcon-prod', AUGCON_BUILD_ID: 'v1.4.0', AUGCON_WORKER_MAKE_CURRENT: 'off' });
    expect(deploymentVersionOf(config, 'code')).toEqual({ deploymentName: 'augcon-prod', buildId: 'v1.4.0' });
    expect(config.versioning.makeCurrent).toBe('off');
    expect(describeWorker(config, 'default', { version: { deploymentName: 'augcon-prod', buildId: 'v1.4.0' } })).toContain(
      'versioning: deployment augcon-prod, build v1.4.0, runs pinned to their build; an operator makes builds current',
    );

    const off = loadWorkerConfig({ AUGCON_WORKER_VERSIONING: 'off' });
    expect(deploymentVersionOf(off, 'code')).toBeUndefined();
    expect(deploymentOptions(undefined)).toEqual({});
    expect(describeWorker(off, 'default')).toContain('versioning: off (unversioned worker)');
  });

  it('says which variable is wrong', () => {
    expect(() => loadWorkerConfig({ AUGCON_WORKER_DEPLOYMENT: 'augcon.prod' })).toThrow(/versioning.deploymentName \(AUGCON_WORKER_DEPLOYMENT\): a worker deployment name cannot contain "."/);
    expect(() => loadWorkerConfig({ AUGCON_WORKER_VERSIONING: 'auto' })).toThrow(/versioning.mode \(AUGCON_WORKER_VERSIONING\)/);
  });
});
