/**
 * Run names against the real dev server: a name is used once (a second run is refused with exit 2
 * unless --replace, which starts the name over with nothing of the earlier run left), a name or
 * workflow id that would leave the data directory is refused wherever it enters, and a schedule's
 * start time does not put colons into the run directory's name.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { EXIT } from '../../src/cli/exit-codes';
import { createHarness, temporalAddress, type Harness } from '../helpers/augcon-harness';
import { cli } from '../helpers/cli';
import { writeCorpus } from '../helpers/run-files';

const lines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter((line) => line.length > 0);

/** The failure type and innermost message of a failed run. */
function failureOf(error: unknown): { type?: string; message: string } {
  expect(error).toBeInstanceOf(WorkflowFailedError);
  let current: unknown = error;
  let found: { type?: string; message: string } = { message: '' };
  while (current instanceof Error) {
    if (current instanceof ApplicationFailure) found = { type: current.type ?? undefined, message: current.message };
    current = current.cause;
  }
  return found;
}

describe('run names', () => {
  let harness: Harness;
  let corpusA: string;
  let corpusB: string;
  beforeAll(async () => {
    process.env.TEMPORAL_ADDRESS = temporalAddress();
    harness = await createHarness('run-names');
    corpusA = await writeCorpus(join(harness.dataDir, 'corpus-a'), 2);
    corpusB = await writeCorpus(join(harness.dataDir, 'corpus-b'), 2, { chinese: true });
  });
  afterAll(async () => {
    delete process.env.TEMPORAL_ADDRESS;
    await harness?.close();
  });

  const run = (args: string[]) => cli(['run', ...args, '--task-queue', harness.taskQueue]);

  it('refuses a second run with the same name, and --replace starts the name over with only its own rows', async () => {
    const name = `${harness.name}-twice`;
    const first = await run([corpusA, '--run-name', name, '--seed', '5', '--json']);
    expect(first.code).toBe(EXIT.ok);
    const directory = (JSON.parse(first.stdout) as { runDirectory: string }).runDirectory;
    const firstCandidates = await lines(join(directory, 'candidates.jsonl'));
    expect(firstCandidates.length).toBeGreaterThan(0);

    const refused = await run([corpusB, '--run-name', name, '--seed', '6', '--quiet']);
    expect(refused.code).toBe(EXIT.invalidInput);
    expect(refused.stderr).toContain(`"${name}"`);
    expect(refused.stderr).toContain('--replace');
    // The earlier run is untouched: its files, and its status (the refusal started no workflow).
    expect(await lines(join(directory, 'candidates.jsonl'))).toEqual(firstCandidates);
    const status = await cli(['status', name, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'COMPLETED' });

    const replaced = await run([corpusB, '--run-name', name, '--seed', '6', '--replace', '--json']);
    expect(replaced.stderr).toBe('');
    expect(replaced.code).toBe(EXIT.ok);
    const summary = JSON.parse(replaced.stdout) as { runDirectory: string; candidates: number };
    expect(summary.runDirectory).toBe(directory);
    const candidates = await lines(join(directory, 'candidates.jsonl'));
    expect(candidates).toHaveLength(summary.candidates);
    expect(candidates.filter((line) => firstCandidates.includes(line))).toEqual([]);

    // Exactly what a fresh run with the second run's settings writes: no row of the first run remains.
    const fresh = await run([corpusB, '--run-name', `${name}-fresh`, '--seed', '6', '--json']);
    expect(fresh.code).toBe(EXIT.ok);
    const freshDirectory = (JSON.parse(fresh.stdout) as { runDirectory: string }).runDirectory;
    for (const file of ['candidates.jsonl', 'filtered.jsonl', 'roots.jsonl', join('dataset', 'messages.jsonl')]) {
      expect(await readFile(join(directory, file), 'utf8')).toBe(await readFile(join(freshDirectory, file), 'utf8'));
    }
  });

  it('refuses, in the ingest activity, a name an earlier run of another workflow id holds (exit 2 from the CLI)', async () => {
    const name = `${harness.name}-held`;
    const input = { corpus: { paths: [corpusA] }, seed: 7, runName: name, cst: { maxPasses: 1 } };
    const first = await harness.run(input, `${name}-from-the-ui`);
    const firstCandidates = await lines(join(first.runDirectory, 'candidates.jsonl'));

    const again = await harness.run({ ...input, seed: 8 }, `${name}-again`).catch((error: unknown) => error);
    expect(failureOf(again)).toMatchObject({ type: 'RunNameInUse', message: expect.stringContaining(`${name}-from-the-ui`) });

    const fromCli = await run([corpusB, '--run-name', name, '--quiet']);
    expect(fromCli.code).toBe(EXIT.invalidInput);
    expect(fromCli.stderr).toContain('--replace');
    expect(await lines(join(first.runDirectory, 'candidates.jsonl'))).toEqual(firstCandidates);
  });

  it('refuses a run name or workflow id that would leave the data directory, wherever it enters', async () => {
    const fromCli = await run([corpusA, '--run-name', '../x', '--quiet']);
    expect(fromCli.code).toBe(EXIT.invalidInput);
    expect(fromCli.stderr).toContain('run name "../x"');

    await expect(harness.augcon.startRun({ corpus: { paths: [corpusA] } }, { workflowId: '../x', taskQueue: harness.taskQueue })).rejects.toThrow(
      /run name "\.\.\/x" is not allowed/,
    );

    // Started without the client (the Temporal UI): the workflow fails at once, before any activity.
    const escaping = `../../${harness.name}-ui`;
    const handle = await harness.client.workflow.start('augconRun', { workflowId: escaping, taskQueue: harness.taskQueue, args: [{ corpus: { paths: [corpusA] } }] });
    const failure = failureOf(await handle.result().catch((error: unknown) => error));
    expect(failure.type).toBe('InvalidRunInput');
    expect(failure.message).toContain(`run name "${escaping}" is not allowed`);
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.filter((event) => event.activityTaskScheduledEventAttributes)).toEqual([]);
    expect(existsSync(join(harness.dataDir, 'runs', escaping))).toBe(false);
  });

  it("names a scheduled run after its schedule and start time without the time's colons", async () => {
    // The workflow id a schedule gives its runs: the action's id and the nominal time (RFC 3339).
    const workflowId = `${harness.name}-refresh-2026-11-26T03:00:00Z`;
    const handle = await harness.client.workflow.start('augconRun', {
      workflowId,
      taskQueue: harness.taskQueue,
      args: [{ corpus: { paths: [corpusA] }, cst: { maxPasses: 1 }, scorer: { enabled: false }, answers: { enabled: false } }],
    });
    const summary = (await handle.result()) as { runName: string; runDirectory: string };
    expect(summary.runName).toBe(`${harness.name}-refresh-20261126T030000Z`);
    expect(basename(summary.runDirectory)).toBe(summary.runName);
  });
});
