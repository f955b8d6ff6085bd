import { describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRunStoreConformance } from './run-store-conformance';
import { SqliteRunStore } from './sqlite-run-store';

/** In memory; a shared database (two instances, the concurrency case) is a temporary file. */
describeRunStoreConformance('SqliteRunStore', async (sharedDatabase) => {
  const file = sharedDatabase === undefined ? ':memory:' : join(tmpdir(), `augcon-conformance-${sharedDatabase}.sqlite`);
  const store = new SqliteRunStore(file);
  return {
    store,
    dispose: async () => {
      await store.close();
      if (file !== ':memory:') for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    },
  };
});

describe('SqliteRunStore on a file created before runs recorded their owner', () => {
  it('adds the owner columns and reads the old runs without one', async () => {
    const file = join(tmpdir(), `augcon-old-schema-${process.pid}-${Date.now()}.sqlite`);
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
    const old = new DatabaseSync(file);
    old.exec('CREATE TABLE runs (run_name TEXT PRIMARY KEY, config_hash TEXT NOT NULL, settings_json TEXT NOT NULL, created_at TEXT NOT NULL)');
    old.prepare('INSERT INTO runs VALUES (?, ?, ?, ?)').run('old-run', 'h', '{}', '2025-01-01T00:00:00Z');
    old.close();
    const store = new SqliteRunStore(file);
    try {
      expect(await store.getRun('old-run')).toStrictEqual({ runName: 'old-run', configHash: 'h', settingsJson: '{}', createdAt: '2025-01-01T00:00:00Z' });
      const owner = { workflowId: 'w', firstExecutionRunId: 'r' };
      await store.putRun({ runName: 'new-run', configHash: 'n', settingsJson: '{}', createdAt: '2026-01-01T00:00:00Z', owner });
      expect((await store.getRun('new-run'))?.owner).toStrictEqual(owner);
      await store.deleteRun('old-run');
      expect(await store.getRun('old-run')).toBeUndefined();
    } finally {
      await store.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    }
  });
});
