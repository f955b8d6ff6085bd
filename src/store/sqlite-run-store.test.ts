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
