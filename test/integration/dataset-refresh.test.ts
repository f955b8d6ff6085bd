/**
 * Dataset refreshes on a Temporal Schedule: version 1 of a 50-document dataset, then one document
 * changed and another deleted: version 2 calls the LLM only for the changed document's roots (the
 * stand-in's call log shows the context of every call), carries every other pair forward, and its
 * changelog says exactly that.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AugconSchedules } from '../../src/client/augcon-schedules';
import type { RunSummary } from '../../src/activities/contracts';
import { createHarness, temporalAddress, type Harness } from '../helpers/augcon-harness';
import { cli } from '../helpers/cli';
import { formatSummary } from '../../src/cli/format-summary';
import { readJsonl, writeCorpus } from '../helpers/run-files';
import { waitFor } from '../helpers/wait-for';

interface ProvenanceLine {
  id: string;
  docId: string;
  status: string;
  question: string;
  answer: string | null;
}

describe('a scheduled dataset refresh', () => {
  let harness: Harness;
  let schedules: AugconSchedules;
  const dataset = `refresh-${Date.now().toString(36)}`;

  beforeAll(async () => {
    process.env.TEMPORAL_ADDRESS = temporalAddress();
    harness = await createHarness('dataset-refresh');
    schedules = new AugconSchedules(harness.client);
  });
  afterAll(async () => {
    await schedules?.delete(dataset).catch(() => undefined);
    delete process.env.TEMPORAL_ADDRESS;
    await harness?.close();
  });

  /** Triggers the schedule and waits for the refresh it starts. */
  async function refresh(count: number): Promise<RunSummary> {
    await schedules.trigger(dataset);
    let workflowId = '';
    await waitFor(
      async () => {
        const runs = (await schedules.describe(dataset))?.recentRuns ?? [];
        workflowId = runs[count - 1]?.workflowId ?? '';
        return runs.length >= count;
      },
      { timeoutMs: 30_000, description: `refresh ${count} to start` },
    );
    return harness.augcon.result(workflowId);
  }

  it('pays only for the changed document and carries the rest forward', async () => {
    const corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 50);
    await schedules.create(dataset, { corpus: { paths: [corpus] }, seed: 41 }, { every: '1h' }, { taskQueue: harness.taskQueue, paused: true });
    expect(await schedules.describe(dataset)).toMatchObject({ overlap: 'BUFFER_ONE', taskQueue: harness.taskQueue });
    expect((await cli(['schedule', 'list'])).stdout).toContain(`${dataset}: paused`);
    expect((await cli(['schedule', 'describe', dataset])).stdout).toContain(`task queue ${harness.taskQueue}`);

    const first = await refresh(1);
    expect(first.version).toMatchObject({ dataset, version: 1, previousVersion: null });
    const firstPairs = await readJsonl<ProvenanceLine>(join(first.runDirectory, 'dataset', 'provenance.jsonl'));

    const changed = 'doc-00003.md';
    const deleted = 'doc-00007.md';
    const text = await readFile(join(corpus, changed), 'utf8');
    await writeFile(join(corpus, changed), text.replace('Everyone on the floor is expected to read them once.', 'New staff read them in their first week, and everyone else once a year.'));
    await rm(join(corpus, deleted));
    harness.standin.resetCalls();

    const second = await refresh(2);
    expect(second.version).toMatchObject({ dataset, version: 2, previousVersion: 1 });
    expect(second.version!.documents).toEqual({ new: [], changed: [changed], deleted: [deleted], unchanged: 48 });
    // Version 2 reused version 1's scorer: the summary names it and the triples it was trained on, not "0 triples".
    expect(first.filter!.triples).toBeGreaterThan(0);
    expect(second.filter).toMatchObject({ triples: 0, reusedFrom: first.runName, reusedTriples: first.filter!.triples });
    expect(formatSummary(second, 'url')).toContain(`scorer           reused from v1 (run ${first.runName}, trained there on ${first.filter!.triples} triples`);

    // Every LLM call was about the changed document: its context is one of that document's nodes.
    const candidates = await readJsonl<{ docId: string; context: string }>(join(second.runDirectory, 'candidates.jsonl'));
    const changedContexts = new Set(candidates.filter((candidate) => candidate.docId === changed).map((candidate) => candidate.context));
    const calls = harness.standin.calls().filter((call) => call.outcome === 'ok');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((call) => call.context === undefined || !changedContexts.has(call.context))).toEqual([]);
    expect(new Set(calls.map((call) => call.kind))).toEqual(new Set(['cst', 'answer']));
    expect(second.llmCache.misses).toBe(calls.length);

    // The changelog counts every pair of the untouched documents as kept, the deleted document's as
    // removed, and of the changed document only the pairs of its changed root as removed and added
    // (its other root's text is unchanged, so its pairs are carried forward).
    const secondPairs = await readJsonl<ProvenanceLine>(join(second.runDirectory, 'dataset', 'provenance.jsonl'));
    const ok = (lines: ProvenanceLine[], keep: (docId: string) => boolean) => lines.filter((line) => line.status === 'ok' && keep(line.docId));
    const untouched = (docId: string) => docId !== changed && docId !== deleted;
    const key = (line: ProvenanceLine) => JSON.stringify([line.id, line.question, line.answer]);
    const firstChanged = new Set(ok(firstPairs, (docId) => docId === changed).map(key));
    const keptOfChanged = ok(secondPairs, (docId) => docId === changed).filter((line) => firstChanged.has(key(line))).length;
    expect(keptOfChanged).toBeLessThan(firstChanged.size);
    expect(second.version!.pairs).toEqual({
      kept: ok(firstPairs, untouched).length + keptOfChanged,
      removed: ok(firstPairs, (docId) => !untouched(docId)).length - keptOfChanged,
      added: ok(secondPairs, (docId) => docId === changed).length - keptOfChanged,
    });
    expect(ok(secondPairs, untouched).map(key)).toEqual(ok(firstPairs, untouched).map(key));
    const changelog = JSON.parse(await readFile(join(second.runDirectory, 'changelog.json'), 'utf8')) as unknown;
    expect(changelog).toEqual(second.version);
  });
});
