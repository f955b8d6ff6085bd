import { openSqliteRunStore } from '../store/sqlite-run-store';
import { DROPPED_CHARS_ARTIFACT, readDroppedChars } from './dropped-artifact';

describe('readDroppedChars', () => {
  it('reads the stored totals and fails on a damaged one, naming the artifact, the run and the field', async () => {
    const store = openSqliteRunStore(':memory:');
    try {
      await store.putRun({ runName: 'run-x', configHash: 'h', settingsJson: '{}', createdAt: '2026-01-01T00:00:00Z' });
      expect(await readDroppedChars(store, 'run-x')).toEqual({});
      await store.putArtifact('run-x', DROPPED_CHARS_ARTIFACT, '{"code-block":12}');
      expect(await readDroppedChars(store, 'run-x')).toEqual({ 'code-block': 12 });
      await store.putArtifact('run-x', DROPPED_CHARS_ARTIFACT, '{"code-block":-1}');
      await expect(readDroppedChars(store, 'run-x')).rejects.toThrow(/^artifact ingest\/dropped-chars of run run-x \(characters not kept, by reason\) is not what augcon stored: code-block: /);
    } finally {
      await store.close();
    }
  });
});
