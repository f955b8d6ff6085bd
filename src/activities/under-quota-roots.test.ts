import { describe, expect, it } from '@jest/globals';
import type { RootAfterPass } from '../store/run-store';
import { listUnderQuotaRoots } from './under-quota-roots';

const root = (seq: number, quota: number, kept: number): RootAfterPass => ({
  rootId: `r${seq}`,
  seq,
  docId: 'a.txt',
  index: seq,
  chars: 100,
  script: 'latin',
  lengthScale: 3,
  outcome: { rootId: `r${seq}`, docId: 'a.txt', quota, candidates: 9, drops: 0, passes: 1, nodes: 9 },
  kept,
});

/** A store of `roots` (ordered by seq) that records each read. */
function storeOf(roots: RootAfterPass[]) {
  const reads: { afterSeq: number; limit: number }[] = [];
  return {
    reads,
    async listRootsAfterPass(_runName: string, _passes: number, afterSeq: number, limit: number) {
      reads.push({ afterSeq, limit });
      return roots.filter((r) => r.seq > afterSeq).slice(0, limit);
    },
  };
}

describe('listUnderQuotaRoots', () => {
  it('keeps the roots whose kept questions are below their quota, without the kept count', async () => {
    const store = storeOf([root(0, 2, 2), root(1, 2, 1), root(2, 3, 0), root(3, 1, 5)]);
    const found = await listUnderQuotaRoots(store, { runName: 'run', passes: 1, afterSeq: -1, limit: 10 });
    expect(found.map((r) => r.rootId)).toEqual(['r1', 'r2']);
    expect(found[0]).not.toHaveProperty('kept');
    expect(found[0]!.outcome.quota).toBe(2);
  });

  it('reads further store pages until the limit is filled, and stops at the limit', async () => {
    // 450 roots, only every 100th under quota: the first two need three store pages of 200.
    const roots = Array.from({ length: 450 }, (_, seq) => root(seq, 2, seq % 100 === 99 ? 0 : 2));
    const store = storeOf(roots);
    const found = await listUnderQuotaRoots(store, { runName: 'run', passes: 1, afterSeq: -1, limit: 3 });
    expect(found.map((r) => r.seq)).toEqual([99, 199, 299]);
    expect(store.reads).toEqual([
      { afterSeq: -1, limit: 200 },
      { afterSeq: 199, limit: 200 },
    ]);
  });

  it('starts after the cursor and returns what there is when the store runs out', async () => {
    const store = storeOf([root(0, 2, 0), root(1, 2, 0), root(2, 2, 2)]);
    expect((await listUnderQuotaRoots(store, { runName: 'run', passes: 1, afterSeq: 0, limit: 5 })).map((r) => r.seq)).toEqual([1]);
    expect(store.reads).toHaveLength(1);
  });
});
