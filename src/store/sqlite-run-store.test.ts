import { SqliteRunStore } from './sqlite-run-store';
import type { CandidateRow } from './run-store';

const usage = { promptTokens: 10, completionTokens: 5, totalTokens: 15 };

function seed(store: SqliteRunStore) {
  return store.replaceCorpus('run-a', {
    documents: [{ docId: 'a.txt', sourcePath: '/c/a.txt', contentHash: 'h', chars: 100, script: 'latin' }],
    roots: [0, 1, 2].map((index) => ({
      rootId: `r${index}`,
      seq: index,
      docId: 'a.txt',
      index,
      text: `root text ${index}`,
      chars: 11,
      contentHash: `h${index}`,
      script: 'latin' as const,
      lengthScale: 3,
      startOffset: index * 11,
      endOffset: index * 11 + 11,
    })),
    diagnostics: [{ path: 'bad.bin', severity: 'error', code: 'binary-file', message: 'binary' }],
  });
}

const candidate = (path: string, question: string): CandidateRow => ({
  rootId: 'r1',
  pass: 1,
  path,
  docId: 'a.txt',
  depth: path.split('.').length - 1,
  context: 'ctx',
  question,
  model: 'm',
  usage,
  attempts: 1,
  grounding: [1, 1],
  createdAt: '2026-01-01T00:00:00Z',
});

describe('SqliteRunStore', () => {
  let store: SqliteRunStore;
  beforeEach(async () => {
    store = new SqliteRunStore(':memory:');
    await seed(store);
  });
  afterEach(() => store.close());

  it('pages root references by sequence without their text', async () => {
    const page = await store.listRootRefs('run-a', 0, 10);
    expect(page.map((root) => root.rootId)).toEqual(['r1', 'r2']);
    expect(page[0]).not.toHaveProperty('text');
    expect((await store.getRoot('run-a', 'r2'))?.text).toBe('root text 2');
  });

  it('keeps exactly one row when a node is written twice (retried activity)', async () => {
    await store.putCandidate('run-a', candidate('0', 'first try?'));
    await store.putCandidate('run-a', candidate('0', 'second try?'));
    await store.putCandidate('run-a', candidate('0.1', 'child?'));
    const rows = await store.listCandidates('run-a');
    expect(rows.map((row) => [row.path, row.question])).toEqual([
      ['0', 'second try?'],
      ['0.1', 'child?'],
    ]);
    expect((await store.outputCounts('run-a')).usage.totalTokens).toBe(30);
  });

  it('replaces the corpus wholesale on a repeated ingest', async () => {
    await seed(store);
    expect(await store.corpusCounts('run-a')).toEqual({ documents: 1, roots: 3, rootChars: 33, diagnostics: { errors: 1, warnings: 0 } });
  });

  it('counts drops by reason and leaves by reason', async () => {
    const drop = { rootId: 'r0', pass: 1, path: '0', docId: 'a.txt', depth: 0, context: 'c', stage: 'cst' as const, reason: 'question-too-short', detail: 'd', attempts: 1, usage, createdAt: 'now' };
    await store.putDrop('run-a', drop);
    await store.putDrop('run-a', drop);
    await store.putCandidate('run-a', { ...candidate('0', 'q?'), leafReason: 'grounding-guard' });
    const counts = await store.outputCounts('run-a');
    expect(counts.drops).toBe(1);
    expect(counts.dropsByReason).toEqual({ 'question-too-short': 1 });
    expect(counts.leavesByReason).toEqual({ 'grounding-guard': 1 });
  });

  it('lists for the next pass only the roots that ran every pass so far, without error, and keep fewer questions than their quota', async () => {
    const outcome = (rootId: string, passes: number, quota: number, error?: string) => ({
      rootId, docId: 'a.txt', quota, candidates: 4, drops: 0, passes, nodes: 4, ...(error ? { error } : {}),
    });
    await store.putRootOutcome('run-a', outcome('r0', 1, 2));
    await store.putRootOutcome('run-a', outcome('r1', 1, 2));
    await store.putRootOutcome('run-a', outcome('r2', 1, 2, 'workflow failed'));
    const decision = (rootId: string, path: string, kept: boolean) => ({ rootId, pass: 1, path, score: 0.5, kept, ...(kept ? { rank: 1 } : { reason: 'over-quota' as const }) });
    await store.replaceFilterDecisions('run-a', 'r0', [decision('r0', '0', true), decision('r0', '0.1', true)]);
    await store.replaceFilterDecisions('run-a', 'r1', [decision('r1', '0', true), decision('r1', '0.1', false)]);

    const under = await store.listUnderQuotaRoots('run-a', 1, -1, 10);
    expect(under.map((root) => root.rootId)).toEqual(['r1']);
    expect(under[0]!.outcome).toEqual(outcome('r1', 1, 2));
    expect(await store.listUnderQuotaRoots('run-a', 2, -1, 10)).toEqual([]);

    await store.putRootOutcome('run-a', outcome('r1', 2, 2));
    expect((await store.listRootRefsWithPass('run-a', 2, -1, 10)).map((root) => root.rootId)).toEqual(['r1']);
    expect((await store.listRootRefsWithPass('run-a', 1, 0, 10)).map((root) => root.rootId)).toEqual(['r1', 'r2']);
  });
});
