/**
 * Replays workflow histories recorded from a real run (test/fixtures/histories, recorded with
 * `temporal workflow show --output json`) against the current workflow code: a change that makes
 * the workflows non-deterministic for runs already in flight fails here instead of in production.
 * Covers the run workflow (ingest, child roots, finalize), a root workflow with two passes that
 * delegates a subtree, and that subtree workflow (fixture 3, recorded before the scorer stage existed,
 * so it also checks the patched() guard); a run with the scorer stage and its scorerStageWorkflow (fixture 4,
 * recorded before CST passes alternated with filtering); a run whose second CST pass follows the
 * filter, with both root workflows and the scorer stage (fixture 5); a run through the answer stage
 * (with the critique round) and the dataset export, and its answerStageWorkflow (fixture 6); version 2 of a
 * dataset whose only root was carried forward, with run control and search attributes, reusing the
 * previous scorer and demonstrations (fixture 7).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../helpers/augcon-harness';

const HISTORIES = join(__dirname, '..', 'fixtures', 'histories');

describe('recorded workflow histories', () => {
  const files = readdirSync(HISTORIES).filter((file) => file.endsWith('.json')).sort();

  it('include the run, root and subtree workflows', () => {
    expect(files).toEqual([
      'replay-fixture-3.json',
      'replay-fixture-3_root-0.json',
      'replay-fixture-3_root-1.json',
      'replay-fixture-3_root-1_p1_0.json',
      'replay-fixture-4.json',
      'replay-fixture-4_scorer.json',
      'replay-fixture-5.json',
      'replay-fixture-5_root-0-pass-2.json',
      'replay-fixture-5_root-0.json',
      'replay-fixture-5_scorer.json',
      'replay-fixture-6.json',
      'replay-fixture-6_answers.json',
      'replay-fixture-7.json',
      'replay-fixture-7_answers.json',
      'replay-fixture-7_scorer.json',
    ]);
  });

  it.each(files)('%s replays without non-determinism', async (file) => {
    const history: unknown = JSON.parse(readFileSync(join(HISTORIES, file), 'utf8'));
    const workflowId = file.replace(/\.json$/, '').replace(/_/g, '/');
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId)).resolves.toBeUndefined();
  });
});
