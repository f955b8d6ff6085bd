/** The augcon command line against the real dev server: run --json, status, and its exit codes. */
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { EXIT } from '../../src/cli/exit-codes';
import { createHarness, temporalAddress, type Harness } from '../helpers/augcon-harness';
import { writeCorpus } from '../helpers/run-files';
import { cli } from '../helpers/cli';

describe('the augcon CLI', () => {
  let harness: Harness;
  let corpus: string;
  beforeAll(async () => {
    process.env.TEMPORAL_ADDRESS = temporalAddress();
    harness = await createHarness('cli');
    corpus = await writeCorpus(join(harness.dataDir, 'corpus'), 2);
  });
  afterAll(async () => {
    delete process.env.TEMPORAL_ADDRESS;
    await harness?.close();
  });

  it('runs a corpus and prints the summary as JSON, then status finds it', async () => {
    const runName = `${harness.name}-run`;
    const run = await cli(['run', corpus, '--run-name', runName, '--task-queue', harness.taskQueue, '--json', '--seed', '5']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(EXIT.ok);
    const summary = JSON.parse(run.stdout) as { runName: string; candidates: number; url: string };
    expect(summary.runName).toBe(runName);
    expect(summary.candidates).toBeGreaterThan(0);
    expect(summary.url).toContain(`/workflows/${runName}`);

    const status = await cli(['status', runName, '--json']);
    expect(status.code).toBe(EXIT.ok);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'COMPLETED', summary: { candidates: summary.candidates } });
  });

  it('exits 2 with the file and field for a bad config, before touching Temporal', async () => {
    const file = join(harness.dataDir, 'bad-run.json');
    await writeFile(file, JSON.stringify({ cst: { maxPasses: 0 } }));
    const result = await cli(['run', corpus, '--config', file]);
    expect(result.code).toBe(EXIT.invalidInput);
    expect(result.stderr).toContain(`${file}: cst.maxPasses`);
  });

  it('exits 4 for a run that does not exist and 2 for a usage error', async () => {
    expect((await cli(['status', `${harness.name}-missing`])).code).toBe(EXIT.notFound);
    expect((await cli(['run', '--seed', 'abc'])).code).toBe(EXIT.invalidInput);
  });

  it('exits 1 when the run fails', async () => {
    harness.standin.setFaults([{ kind: 'status', status: 401 }]);
    try {
      const result = await cli(['run', corpus, '--run-name', `${harness.name}-fails`, '--task-queue', harness.taskQueue, '--quiet']);
      expect(result.code).toBe(EXIT.runFailed);
      expect(result.stderr).toMatch(/failed: .*LlmAuthError/);
    } finally {
      harness.standin.setFaults([]);
    }
  });
});
