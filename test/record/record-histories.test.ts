/**
 * Records the replay fixtures (test/fixtures/histories) from real runs of today's workflows:
 *
 *   npm run record-histories
 *
 * It is not part of the test suite: its jest project ("record", jest.config.js) exists only when
 * AUGCON_RECORD_HISTORIES=1, which that script sets. Re-record (and commit the files in their own commit) when a workflow's commands
 * change on purpose; replay.test.ts then checks the new code against them. Each run's history and
 * every child workflow's (found through its StartChildWorkflowExecutionInitiated events) is written
 * as <workflow id with "/" as "_">.json, the JSON `temporal workflow show --output json` gives.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { writeCorpus } from '../../bench/synthetic-corpus';
import type { RunInput } from '../../src/domain/run-input';
import { createHarness, type Harness } from '../helpers/augcon-harness';

const HISTORIES = join(__dirname, '..', 'fixtures', 'histories');

/** The run's history and its descendants', written to HISTORIES. */
async function saveHistories(harness: Harness, workflowId: string): Promise<string[]> {
  const saved: string[] = [];
  const pending = [workflowId];
  while (pending.length > 0) {
    const id = pending.shift()!;
    const history = await harness.client.workflow.getHandle(id).fetchHistory();
    for (const event of history.events ?? []) {
      const child = event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
      if (child) pending.push(child);
    }
    const file = `${id.replace(/\//g, '_')}.json`;
    await writeFile(join(HISTORIES, file), `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 2)}\n`);
    saved.push(file);
  }
  return saved;
}

describe('recording the replay fixtures', () => {
  let harness: Harness;
  let work: string;
  let bikeShare: string;
  let ferries: string;

  beforeAll(async () => {
    harness = await createHarness('record-histories');
    work = await mkdtemp(join(tmpdir(), 'augcon-record-'));
    bikeShare = await writeCorpus(join(work, 'bike-share'), 1);
    ferries = join(work, 'ferries');
    await mkdir(ferries);
    await writeFile(join(ferries, 'ferry-zh.txt'), '渡轮每二十分钟从港口出发一班。夏天会增加第二条船。末班船在午夜出发，船上可以买票。\n');
    await writeFile(
      join(ferries, 'ferry.txt'),
      'The ferry leaves the harbour every twenty minutes. In summer a second boat joins the service. The last crossing leaves at midnight, and tickets are sold on board.\n\nBikes travel free on the ferry, but dogs need a ticket.\n',
    );
    for (const file of await readdir(HISTORIES)) if (file.endsWith('.json')) await rm(join(HISTORIES, file));
  });
  afterAll(async () => {
    await harness?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function runAndSave(workflowId: string, input: RunInput, save = true): Promise<string[]> {
    const handle = await harness.augcon.startRun({ ...input, runName: workflowId }, { workflowId, taskQueue: harness.taskQueue });
    await harness.augcon.result(handle.workflowId);
    return save ? saveHistories(harness, workflowId) : [];
  }

  it('a run without the scorer: root workflows with two passes, one delegating a subtree', async () => {
    const files = await runAndSave('replay-cst', {
      corpus: { paths: [ferries] },
      orchestration: { nodesPerWorkflow: 2 },
      cst: { maxPasses: 2 },
      scorer: { enabled: false },
      answers: { enabled: false },
    });
    expect(files.some((file) => /^replay-cst_root-\d+_/.test(file))).toBe(true);
  });

  it('a run whose second CST pass follows the filter, with the scorer stage', async () => {
    const files = await runAndSave('replay-passes', { corpus: { paths: [bikeShare] }, seed: 3, cst: { maxPasses: 2, charsPerPair: 15 }, scorer: { epochs: 2 }, answers: { enabled: false } });
    expect(files).toEqual(expect.arrayContaining(['replay-passes_scorer.json', 'replay-passes_root-0.json', 'replay-passes_root-0-pass-2.json']));
  });

  it('a run through the answer stage with the critique round and the dataset export', async () => {
    const files = await runAndSave('replay-answers', { corpus: { paths: [bikeShare] }, seed: 3, cst: { maxPasses: 1 }, scorer: { epochs: 2 }, answers: { critique: true } });
    expect(files).toEqual(expect.arrayContaining(['replay-answers_scorer.json', 'replay-answers_answers.json']));
  });

  it('version 2 of a dataset whose only root is carried forward, reusing the scorer and the demonstrations', async () => {
    const input: RunInput = { corpus: { paths: [bikeShare] }, seed: 3, cst: { maxPasses: 1 }, scorer: { epochs: 2 }, dataset: { name: 'replay' } };
    await runAndSave('replay-dataset-v1', input, false);
    const files = await runAndSave('replay-dataset-v2', input);
    expect(files).toEqual(['replay-dataset-v2.json', 'replay-dataset-v2_scorer.json', 'replay-dataset-v2_answers.json']);
  });
});
