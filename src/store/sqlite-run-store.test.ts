import { describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRunStoreConformance } from '../../test/store/run-store-conformance';
import { openSqliteRunStore } from './sqlite-run-store';

/** In memory; a shared database (two instances, the concurrency case) is a temporary file. */
describeRunStoreConformance('SqliteRunStore', async (sharedDatabase) => {
  const file = sharedDatabase === undefined ? ':memory:' : join(tmpdir(), `augcon-conformance-${sharedDatabase}.sqlite`);
  const store = openSqliteRunStore(file);
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
    const store = openSqliteRunStore(file);
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

describe('SqliteRunStore on a file created before negatives and cache hits kept their tokens', () => {
  it('adds the token columns (zero for the old rows) and the paying run of cached replies', async () => {
    const file = join(tmpdir(), `augcon-old-tokens-${process.pid}-${Date.now()}.sqlite`);
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
    const old = new DatabaseSync(file);
    old.exec(`CREATE TABLE triples (
      run_name TEXT NOT NULL, seq INTEGER NOT NULL, root_id TEXT NOT NULL, pass INTEGER NOT NULL, path TEXT NOT NULL,
      doc_id TEXT NOT NULL, script TEXT NOT NULL, variant TEXT NOT NULL, context TEXT NOT NULL, positive TEXT NOT NULL,
      negative TEXT, status TEXT NOT NULL, detail TEXT, PRIMARY KEY (run_name, seq));
    CREATE TABLE llm_cache (
      cache_key TEXT PRIMARY KEY, text TEXT NOT NULL, model TEXT NOT NULL, finish_reason TEXT,
      prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, total_tokens INTEGER NOT NULL);
    CREATE TABLE llm_cache_stats (run_name TEXT PRIMARY KEY, hits INTEGER NOT NULL, misses INTEGER NOT NULL);`);
    old.prepare('INSERT INTO triples VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run('old', 0, 'r', 1, '0', 'a.txt', 'latin', 'one-example', 'c', 'p?', 'n?', 'ok', null);
    old.prepare('INSERT INTO llm_cache VALUES (?, ?, ?, ?, ?, ?, ?)').run('k', 'reply', 'm', null, 3, 2, 5);
    old.prepare('INSERT INTO llm_cache_stats VALUES (?, ?, ?)').run('old', 4, 1);
    old.close();
    const store = openSqliteRunStore(file);
    try {
      expect((await store.getTriple('old', 0))?.usage).toStrictEqual({ promptTokens: 0, completionTokens: 0, totalTokens: 0, paid: { promptTokens: 0, completionTokens: 0, totalTokens: 0 } });
      expect(await store.getCachedResponse('k')).toStrictEqual({ text: 'reply', model: 'm', usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 } });
      await store.countCacheUse('old', { hit: true });
      await store.countCacheUse('old', { hit: false, promptTokens: 700, cachedPromptTokens: 600 });
      expect(await store.cacheStats('old')).toStrictEqual({ hits: 5, misses: 2, promptTokensSent: 700, providerCachedPromptTokens: 600 });
    } finally {
      await store.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    }
  });
});
