import { describe, expect, it, jest } from '@jest/globals';
import { claimRun } from './claim-run';
import { openSqliteRunStore, type SqliteRunStore } from './sqlite-run-store';

const first = { workflowId: 'wiki-v1', firstExecutionRunId: 'run-id-1' };
const row = (owner = first, configHash = 'c1') => ({ runName: 'wiki-v1', configHash, settingsJson: '{}', createdAt: '2026-01-01T00:00:00Z', owner });

async function withCandidate(store: SqliteRunStore) {
  await store.replaceCorpus('wiki-v1', {
    documents: [],
    roots: [{ rootId: 'r0', seq: 0, docId: 'a', index: 0, text: 't', chars: 1, contentHash: 'h', script: 'latin', lengthScale: 1, startOffset: 0, endOffset: 1 }],
    diagnostics: [],
  });
  await store.putCandidate('wiki-v1', {
    rootId: 'r0', pass: 1, path: '0', docId: 'a', depth: 0, context: 't', question: 'old?', model: 'm',
    usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2, paid: { promptTokens: 1, completionTokens: 1, totalTokens: 2 } }, attempts: 1, grounding: [1, 1], createdAt: 'x',
  });
}

describe('claimRun', () => {
  it('claims a free name, and claims it again for the same execution (a retried ingest) without deleting anything', async () => {
    const store = openSqliteRunStore(':memory:');
    expect(await claimRun(store, row(), { replace: false })).toEqual({ claimed: true, as: 'new' });
    await withCandidate(store);
    const beforeDelete = jest.fn(async () => undefined);
    expect(await claimRun(store, row(first, 'c2'), { replace: true, beforeDelete })).toEqual({ claimed: true, as: 'again' });
    expect(beforeDelete).not.toHaveBeenCalled();
    expect(await store.listCandidates('wiki-v1')).toHaveLength(1);
    expect((await store.getRun('wiki-v1'))?.configHash).toBe('c2');
  });

  it('refuses a name another execution holds, whatever its workflow id, and leaves its rows alone', async () => {
    const store = openSqliteRunStore(':memory:');
    await claimRun(store, row(), { replace: false });
    await withCandidate(store);
    // The same workflow id started again (a new first execution), or another workflow id.
    for (const other of [{ ...first, firstExecutionRunId: 'run-id-2' }, { workflowId: 'from-the-ui', firstExecutionRunId: 'run-id-1' }]) {
      expect(await claimRun(store, row(other, 'c9'), { replace: false })).toEqual({ claimed: false, holder: row() });
    }
    expect(await store.listCandidates('wiki-v1')).toHaveLength(1);
  });

  it('refuses a name a run stored before owners were recorded holds', async () => {
    const store = openSqliteRunStore(':memory:');
    await store.putRun({ runName: 'wiki-v1', configHash: 'old', settingsJson: '{}', createdAt: '2025-01-01T00:00:00Z' });
    expect(await claimRun(store, row(), { replace: false })).toMatchObject({ claimed: false, holder: { configHash: 'old' } });
  });

  it('with replace, deletes the earlier run (its directory first) and claims the name', async () => {
    const store = openSqliteRunStore(':memory:');
    await claimRun(store, row(), { replace: false });
    await withCandidate(store);
    const order: string[] = [];
    const second = { ...first, firstExecutionRunId: 'run-id-2' };
    const claim = await claimRun(store, row(second, 'c2'), {
      replace: true,
      beforeDelete: async () => {
        order.push(`directory, candidates: ${(await store.listCandidates('wiki-v1')).length}`);
      },
    });
    expect(claim).toEqual({ claimed: true, as: 'replaced' });
    expect(order).toEqual(['directory, candidates: 1']);
    expect(await store.listCandidates('wiki-v1')).toEqual([]);
    expect(await store.getRun('wiki-v1')).toEqual(row(second, 'c2'));
    // A retry of the replacing ingest is the same execution now: nothing is deleted again.
    await withCandidate(store);
    expect(await claimRun(store, row(second, 'c2'), { replace: true })).toEqual({ claimed: true, as: 'again' });
    expect(await store.listCandidates('wiki-v1')).toHaveLength(1);
  });

  it('lets only one of two executions claiming a free name at once win', async () => {
    const store = openSqliteRunStore(':memory:');
    const other = { workflowId: 'from-the-ui', firstExecutionRunId: 'run-id-9' };
    const claims = await Promise.all([claimRun(store, row(), { replace: false }), claimRun(store, row(other), { replace: false })]);
    expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
  });
});
