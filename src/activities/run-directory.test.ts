import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ApplicationFailure } from '@temporalio/common';
import { removeRunDirectory, runDirectory } from './run-directory';

describe('runDirectory', () => {
  it('is <dataDir>/runs/<run name>', () => {
    expect(runDirectory('/data', 'wiki-v1')).toBe(join('/data', 'runs', 'wiki-v1'));
    expect(runDirectory('data', 'a..b')).toBe(join('data', 'runs', 'a..b'));
  });

  it.each(['../x', '../../x', '..', '.', '', 'a/b', 'a\\b', '/etc/passwd', 'x/../../y', 'nul\u0000'])('refuses %j, which would leave the runs directory', (name) => {
    let thrown: unknown;
    try {
      runDirectory('/data', name);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApplicationFailure);
    expect(thrown).toMatchObject({ type: 'InvalidRunName', nonRetryable: true, message: expect.stringContaining(`run name ${JSON.stringify(name)} would put the run directory outside`) });
  });

  it('removes a run directory and only that one', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'augcon-run-directory-'));
    for (const name of ['old', 'other']) {
      await mkdir(join(dataDir, 'runs', name, 'dataset'), { recursive: true });
      await writeFile(join(dataDir, 'runs', name, 'dataset', 'messages.jsonl'), '{}\n');
    }
    await removeRunDirectory(dataDir, 'old');
    await removeRunDirectory(dataDir, 'never-existed');
    expect(existsSync(join(dataDir, 'runs', 'old'))).toBe(false);
    expect(existsSync(join(dataDir, 'runs', 'other', 'dataset', 'messages.jsonl'))).toBe(true);
    await expect(removeRunDirectory(dataDir, '..')).rejects.toThrow(/would put the run directory outside/);
    expect(existsSync(join(dataDir, 'runs', 'other'))).toBe(true);
  });
});
