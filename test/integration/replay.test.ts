/**
 * Replays workflow histories recorded from real runs (test/fixtures/histories, written by
 * test/record/record-histories.test.ts: `npm run record-histories` re-records them) against the current
 * workflow code: a change that makes the workflows non-deterministic for runs already in flight fails
 * here instead of in production. The fixtures cover a run without the scorer whose root workflows run
 * two passes, one delegating a subtree (replay-cst); a run whose second CST pass follows the filter,
 * with both root workflows and the scorer stage (replay-passes); a run through the answer stage with
 * the critique round and the dataset export (replay-answers); version 2 of a dataset whose only root
 * was carried forward, reusing the previous scorer and demonstrations (replay-dataset-v2).
 *
 * Runs are PINNED to the build that started them (docs/decisions/0007-worker-versioning.md), so a
 * workflow change ships as a new build and old runs never replay on it; a failure here means the
 * commands changed: check the build id changes with them (it does by default: the code's hash; not
 * when AUGCON_BUILD_ID names the build) and re-record the fixtures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../helpers/augcon-harness';

const HISTORIES = join(__dirname, '..', 'fixtures', 'histories');

const workflowType = (history: { events?: { workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }[] }): string | undefined =>
  history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;

interface WorkflowTaskCompleted {
  workflowTaskCompletedEventAttributes?: { versioningBehavior?: string; deploymentVersion?: { deploymentName?: string; buildId?: string } };
}

describe('recorded workflow histories', () => {
  const files = readdirSync(HISTORIES).filter((file) => file.endsWith('.json')).sort();

  it('include the run, root, subtree, scorer and answer workflows', () => {
    expect(files).toEqual([
      'replay-answers.json',
      'replay-answers_answers.json',
      'replay-answers_root-0.json',
      'replay-answers_scorer.json',
      'replay-cst.json',
      'replay-cst_root-0.json',
      'replay-cst_root-1.json',
      'replay-cst_root-1_p1_0.json',
      'replay-dataset-v2.json',
      'replay-dataset-v2_answers.json',
      'replay-dataset-v2_scorer.json',
      'replay-passes.json',
      'replay-passes_root-0-pass-2.json',
      'replay-passes_root-0.json',
      'replay-passes_scorer.json',
    ]);
    const types = new Set(files.map((file) => workflowType(JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')))));
    expect([...types].sort()).toEqual(['answerStageWorkflow', 'augconRun', 'cstRootWorkflow', 'cstSubtreeWorkflow', 'scorerStageWorkflow']);
  });

  it('were recorded by versioned workers, each run pinned to one build', () => {
    for (const file of files) {
      const history = JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')) as { events: WorkflowTaskCompleted[] };
      const completed = history.events.flatMap((event) => (event.workflowTaskCompletedEventAttributes ? [event.workflowTaskCompletedEventAttributes] : []));
      expect({ file, behaviors: [...new Set(completed.map((task) => task.versioningBehavior))] }).toEqual({ file, behaviors: ['VERSIONING_BEHAVIOR_PINNED'] });
      expect({ file, builds: new Set(completed.map((task) => task.deploymentVersion?.buildId)).size }).toEqual({ file, builds: 1 });
      expect(completed[0]!.deploymentVersion?.buildId).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it.each(files)('%s replays without non-determinism', async (file) => {
    const history: unknown = JSON.parse(readFileSync(join(HISTORIES, file), 'utf8'));
    const workflowId = file.replace(/\.json$/, '').replace(/_/g, '/');
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId)).resolves.toBeUndefined();
  });
});
