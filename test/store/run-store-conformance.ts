/**
 * The RunStore conformance suite: every implementation runs it (the SQLite store as a unit test, the
 * PostgreSQL store as an integration test), so both give the same results for the same calls: the
 * same rows, orderings, omitted optional fields, and exactly one row per natural key under retries and
 * concurrent writers.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type {
  AnswerRow,
  CandidateRow,
  DiagnosticRow,
  DocumentRow,
  DropRow,
  ExampleTraceRow,
  FilterDecisionRow,
  RootOutcomeRow,
  RootRef,
  RootRow,
  RunStore,
  TripleRow,
} from '../../src/store/run-store';

export interface OpenedRunStore {
  store: RunStore;
  /** Closes the store and removes whatever the factory created for it. */
  dispose(): Promise<void>;
}

/**
 * Opens a store on a fresh, empty database. Calls passing the same `sharedDatabase` key reach one
 * database (the concurrency case opens two instances that way); a factory for a backend that cannot
 * share an in-memory database uses a file for those.
 */
export type OpenRunStore = (sharedDatabase?: string) => Promise<OpenedRunStore>;

/** A reply's tokens (the response cache keeps these). */
const replyTokens = { promptTokens: 10, completionTokens: 5, totalTokens: 15 };
/** A row's tokens, partly paid for by its run (the paid columns round-trip on their own). */
const usage = { ...replyTokens, paid: { promptTokens: 4, completionTokens: 2, totalTokens: 6 } };
const paidInFull = (tokens: { promptTokens: number; completionTokens: number; totalTokens: number }) => ({ ...tokens, paid: { ...tokens } });
const unpaid = { promptTokens: 0, completionTokens: 0, totalTokens: 0, paid: { promptTokens: 0, completionTokens: 0, totalTokens: 0 } };

/** run-a: one document, three roots r0..r2 (the fixture of the original SQLite tests). */
function seed(store: RunStore) {
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

/**
 * run-b: root ids that do not sort like their sequence ("z" first), mixed scripts, fractional length
 * scales, document ids whose byte order differs from a locale's order.
 */
const runBDocuments: DocumentRow[] = [
  { docId: 'b.txt', sourcePath: '/c/b.txt', contentHash: 'hb', chars: 30, script: 'latin' },
  { docId: 'B.txt', sourcePath: '/c/B.txt', contentHash: 'hB', chars: 9, script: 'cjk' },
  { docId: 'ä.txt', sourcePath: '/c/ä.txt', contentHash: 'hä', chars: 5, script: 'latin' },
  { docId: 'a.txt', sourcePath: '/c/a.txt', contentHash: 'ha', chars: 7, script: 'latin' },
];
const runBRoots: RootRow[] = [
  {
    rootId: 'z', seq: 0, docId: 'B.txt', index: 0, text: '中文的根文本', chars: 6, contentHash: 'hz', script: 'cjk', lengthScale: 0.1,
    startOffset: 0, endOffset: 6,
  },
  {
    rootId: 'a', seq: 1, docId: 'B.txt', index: 1, text: 'ä root', chars: 6, contentHash: 'ha', script: 'latin', lengthScale: 2.5,
    startOffset: 6, endOffset: 12,
  },
  {
    rootId: 'm', seq: 2, docId: 'b.txt', index: 0, text: 'middle root', chars: 11, contentHash: 'hm', script: 'latin', lengthScale: 1 / 3,
    startOffset: 0, endOffset: 11,
  },
];
const runBDiagnostics: DiagnosticRow[] = [
  { path: 'z.bin', line: 7, severity: 'warning', code: 'odd-encoding', message: 'latin-1 guessed' },
  { path: 'a.bin', severity: 'error', code: 'binary-file', message: 'binary' },
  { path: 'm.txt', line: 0, severity: 'warning', code: 'empty-line', message: 'empty' },
];
const refOf = ({ text: _text, startOffset: _start, endOffset: _end, contentHash: _hash, ...ref }: RootRow): RootRef => ref;
const [rootZ, rootA, rootM] = runBRoots as [RootRow, RootRow, RootRow];

function seedB(store: RunStore) {
  return store.replaceCorpus('run-b', { documents: runBDocuments, roots: runBRoots, diagnostics: runBDiagnostics });
}

const nodeCandidate = (rootId: string, pass: number, path: string, extra: Partial<CandidateRow> = {}): CandidateRow => ({
  rootId,
  pass,
  path,
  docId: rootId === 'm' ? 'b.txt' : 'B.txt',
  depth: path.split('.').length - 1,
  context: `context of ${rootId}/${pass}/${path}`,
  question: `question ${rootId}/${pass}/${path}?`,
  model: 'model-x',
  usage: paidInFull({ promptTokens: 100 + pass, completionTokens: 20, totalTokens: 120 + pass }),
  attempts: 1,
  grounding: [0.25, 0.875],
  createdAt: '2026-02-03T04:05:06.789Z',
  ...extra,
});

const nodeDrop = (rootId: string, pass: number, path: string, reason: string, extra: Partial<DropRow> = {}): DropRow => ({
  rootId,
  pass,
  path,
  docId: rootId === 'm' ? 'b.txt' : 'B.txt',
  depth: path.split('.').length - 1,
  context: `dropped context ${path}`,
  stage: 'cst',
  reason,
  detail: `detail ${path}`,
  attempts: 3,
  usage: { promptTokens: 7, completionTokens: 3, totalTokens: 10, paid: { promptTokens: 2, completionTokens: 1, totalTokens: 3 } },
  createdAt: '2026-02-03T04:05:07Z',
  ...extra,
});

const outcomeOf = (rootId: string, passes: number, quota: number, extra: Partial<RootOutcomeRow> = {}): RootOutcomeRow => ({
  rootId,
  docId: rootId === 'm' ? 'b.txt' : 'B.txt',
  quota,
  candidates: 4,
  drops: 1,
  passes,
  nodes: 5,
  ...extra,
});

const answerOf = (rootId: string, pass: number, path: string, extra: Partial<AnswerRow> = {}): AnswerRow => ({
  rootId,
  pass,
  path,
  status: 'ok',
  answer: `answer to ${rootId}/${pass}/${path}`,
  reasoning: 'because',
  model: 'answer-model',
  attempts: 1,
  usage: paidInFull({ promptTokens: 50, completionTokens: 40, totalTokens: 90 }),
  ...extra,
});

export function describeRunStoreConformance(name: string, open: OpenRunStore): void {
  describe(`${name} (RunStore conformance)`, () => {
    let opened: OpenedRunStore;
    let store: RunStore;
    beforeEach(async () => {
      opened = await open();
      store = opened.store;
      await seed(store);
    });
    afterEach(() => opened.dispose());

    describe('runs', () => {
      it('stores a run, updates its settings on a repeated put and keeps its creation time', async () => {
        expect(await store.getRun('run-x')).toBeUndefined();
        await store.putRun({ runName: 'run-x', configHash: 'c1', settingsJson: '{"a":1}', createdAt: '2026-01-01T00:00:00Z' });
        await store.putRun({ runName: 'run-y', configHash: 'cy', settingsJson: '{}', createdAt: '2026-01-03T00:00:00Z' });
        expect(await store.getRun('run-x')).toStrictEqual({ runName: 'run-x', configHash: 'c1', settingsJson: '{"a":1}', createdAt: '2026-01-01T00:00:00Z' });
        await store.putRun({ runName: 'run-x', configHash: 'c2', settingsJson: '{"a":2,"ü":"中"}', createdAt: '2026-01-02T00:00:00Z' });
        expect(await store.getRun('run-x')).toStrictEqual({
          runName: 'run-x',
          configHash: 'c2',
          settingsJson: '{"a":2,"ü":"中"}',
          createdAt: '2026-01-01T00:00:00Z',
        });
        expect(await store.getRun('run-y')).toStrictEqual({ runName: 'run-y', configHash: 'cy', settingsJson: '{}', createdAt: '2026-01-03T00:00:00Z' });
      });

      it('records the owner of a run and leaves a row another execution owns as it is', async () => {
        const owner = { workflowId: 'wf-1', firstExecutionRunId: 'first-1' };
        const row = { runName: 'run-o', configHash: 'c1', settingsJson: '{}', createdAt: '2026-01-01T00:00:00Z', owner };
        await store.putRun(row);
        expect(await store.getRun('run-o')).toStrictEqual(row);
        // The same execution again (a retried ingest): its settings are updated.
        await store.putRun({ ...row, configHash: 'c2', createdAt: '2026-01-05T00:00:00Z' });
        expect(await store.getRun('run-o')).toStrictEqual({ ...row, configHash: 'c2' });
        // Another execution, or a writer without an owner: the row stays the first owner's.
        await store.putRun({ ...row, configHash: 'c3', owner: { workflowId: 'wf-1', firstExecutionRunId: 'first-2' } });
        await store.putRun({ runName: 'run-o', configHash: 'c4', settingsJson: '{"x":1}', createdAt: '2026-01-06T00:00:00Z' });
        expect(await store.getRun('run-o')).toStrictEqual({ ...row, configHash: 'c2' });
        // A row without an owner (stored before owners were recorded) is not taken over by one.
        await store.putRun({ runName: 'run-legacy', configHash: 'l', settingsJson: '{}', createdAt: '2025-01-01T00:00:00Z' });
        await store.putRun({ runName: 'run-legacy', configHash: 'new', settingsJson: '{}', createdAt: '2026-01-01T00:00:00Z', owner });
        expect(await store.getRun('run-legacy')).toStrictEqual({ runName: 'run-legacy', configHash: 'l', settingsJson: '{}', createdAt: '2025-01-01T00:00:00Z' });
      });

      it('deletes every row of one run, in every table, and nothing of another run or the shared response cache', async () => {
        await seedB(store);
        const owner = { workflowId: 'wf-a', firstExecutionRunId: 'first-a' };
        const reply = { text: 'cached', model: 'm', usage: replyTokens };
        /** One row in every table keyed by run name (the corpus is there already). */
        async function fill(runName: string, rootId: string, docId: string): Promise<void> {
          await store.putRun({ runName, configHash: `c-${runName}`, settingsJson: '{}', createdAt: '2026-01-01T00:00:00Z', owner });
          await store.putCandidate(runName, { ...candidate('0', `question of ${runName}?`), rootId, docId });
          await store.putDrop(runName, { ...nodeDrop(rootId, 1, '0.1', 'question-too-short'), docId });
          await store.putRootOutcome(runName, { ...outcomeOf(rootId, 1, 2), docId });
          await store.replaceTriples(runName, [
            { rootId, pass: 1, path: '0', seq: 0, docId, script: 'latin', variant: 'one-example', context: 'c', positive: 'p?', status: 'pending' },
          ]);
          await store.replaceFilterDecisions(runName, rootId, [{ rootId, pass: 1, path: '0', score: 0.5, kept: true, rank: 1 }]);
          await store.putExampleTrace(runName, { setIndex: 0, round: 1, exampleIndex: 0, verdict: 'yes', answer: 'A', judgeAttempts: 1, usage });
          await store.putArtifact(runName, 'demonstrations', '{}');
          await store.putAnswer(runName, answerOf(rootId, 1, '0'));
          await store.countCacheUse(runName, { hit: true });
          await store.registerVersion('wiki', runName, '2026-01-01T00:00:00Z');
        }
        await fill('run-a', 'r1', 'a.txt');
        await fill('run-b', 'z', 'B.txt');
        await store.completeVersion('wiki', 'run-a');
        await store.putCachedResponse('key-of-run-a', { ...reply, paidByRun: 'run-a' });
        await store.putCachedResponse('key-of-run-b', { ...reply, paidByRun: 'run-b' });
        const rowsOfRunB = async () => ({
          run: await store.getRun('run-b'),
          corpus: await store.corpusCounts('run-b'),
          candidates: await store.listCandidates('run-b'),
          answers: await store.listAnswers('run-b', true),
          traces: await store.listExampleTraces('run-b'),
          triples: await store.listTriples('run-b'),
        });
        const runB = await rowsOfRunB();

        await store.deleteRun('run-a');
        await store.deleteRun('run-a');
        await store.deleteRun('run-none');

        expect(await store.getRun('run-a')).toBeUndefined();
        expect(await store.corpusCounts('run-a')).toStrictEqual({ documents: 0, roots: 0, rootChars: 0, diagnostics: { errors: 0, warnings: 0 } });
        expect(await store.listDocuments('run-a')).toStrictEqual([]);
        expect(await store.listDiagnostics('run-a')).toStrictEqual([]);
        expect(await store.getRoot('run-a', 'r1')).toBeUndefined();
        expect(await store.listCandidates('run-a')).toStrictEqual([]);
        expect(await store.listRootCandidates('run-a', 'r1')).toStrictEqual([]);
        expect(await store.listDrops('run-a')).toStrictEqual([]);
        expect(await store.listRootOutcomes('run-a')).toStrictEqual([]);
        expect(await store.listTriples('run-a')).toStrictEqual([]);
        expect(await store.listQuestions('run-a', 'r1', false)).toStrictEqual([]);
        expect(await store.getExampleTrace('run-a', { setIndex: 0, round: 1, exampleIndex: 0 })).toBeUndefined();
        expect(await store.getArtifact('run-a', 'demonstrations')).toBeUndefined();
        expect(await store.getAnswer('run-a', { rootId: 'r1', pass: 1, path: '0' })).toBeUndefined();
        expect(await store.cacheStats('run-a')).toStrictEqual({ hits: 0, misses: 0, promptTokensSent: 0, providerCachedPromptTokens: 0 });
        expect((await store.outputCounts('run-a')).candidates).toBe(0);
        // The dataset's version of the deleted run goes with it; the shared response cache stays, but
        // a new run of the name did not pay for the replies.
        expect((await store.listVersions('wiki')).map((version) => version.runName)).toStrictEqual(['run-b']);
        expect(await store.getCachedResponse('key-of-run-a')).toStrictEqual(reply);
        expect(await store.getCachedResponse('key-of-run-b')).toStrictEqual({ ...reply, paidByRun: 'run-b' });

        expect(await rowsOfRunB()).toStrictEqual(runB);
        expect(runB.candidates).toHaveLength(1);
        expect(await store.cacheStats('run-b')).toStrictEqual({ hits: 1, misses: 0, promptTokensSent: 0, providerCachedPromptTokens: 0 });

        // The name is free again: another execution claims it, and registers as the newest version.
        const next = { runName: 'run-a', configHash: 'next', settingsJson: '{}', createdAt: '2026-02-01T00:00:00Z', owner: { workflowId: 'wf-a', firstExecutionRunId: 'first-next' } };
        await store.putRun(next);
        expect(await store.getRun('run-a')).toStrictEqual(next);
        expect(await store.registerVersion('wiki', 'run-a', '2026-02-01T00:00:00Z')).toStrictEqual({
          dataset: 'wiki', version: 3, runName: 'run-a', status: 'running', createdAt: '2026-02-01T00:00:00Z',
        });
      });
    });

    describe('corpus', () => {
      it('pages root references by sequence without their text', async () => {
        const page = await store.listRootRefs('run-a', 0, 10);
        expect(page.map((root) => root.rootId)).toEqual(['r1', 'r2']);
        expect(page[0]).not.toHaveProperty('text');
        expect((await store.getRoot('run-a', 'r2'))?.text).toBe('root text 2');
      });

      it('pages root references with afterSeq and limit, exactly and per run', async () => {
        await seedB(store);
        expect(await store.listRootRefs('run-b', -1, 2)).toStrictEqual([refOf(rootZ), refOf(rootA)]);
        expect(await store.listRootRefs('run-b', 1, 2)).toStrictEqual([refOf(rootM)]);
        expect(await store.listRootRefs('run-b', 2, 2)).toStrictEqual([]);
        expect(await store.listRootRefs('run-b', -1, 0)).toStrictEqual([]);
        expect((await store.listRootRefs('run-a', -1, 10)).map((root) => root.rootId)).toStrictEqual(['r0', 'r1', 'r2']);
        expect(await store.listRootRefs('run-none', -1, 10)).toStrictEqual([]);
      });

      it('gets one root with its text, offsets and fractional length scale', async () => {
        await seedB(store);
        expect(await store.getRoot('run-b', 'z')).toStrictEqual(rootZ);
        expect(await store.getRoot('run-b', 'm')).toStrictEqual(rootM);
        expect(await store.getRoot('run-b', 'r0')).toBeUndefined();
        expect(await store.getRoot('run-a', 'missing')).toBeUndefined();
      });

      it('replaces the corpus wholesale on a repeated ingest', async () => {
        await seed(store);
        expect(await store.corpusCounts('run-a')).toEqual({ documents: 1, roots: 3, rootChars: 33, diagnostics: { errors: 1, warnings: 0 } });
      });

      it('drops documents, roots and diagnostics a smaller re-ingest no longer has, and leaves other runs alone', async () => {
        await seedB(store);
        const only: RootRow = { ...rootA, seq: 0 };
        await store.replaceCorpus('run-b', { documents: [runBDocuments[1]!], roots: [only], diagnostics: [] });
        expect(await store.listRootRefs('run-b', -1, 10)).toStrictEqual([refOf(only)]);
        expect(await store.getRoot('run-b', 'z')).toBeUndefined();
        expect(await store.listDocuments('run-b')).toStrictEqual([runBDocuments[1]]);
        expect(await store.listDiagnostics('run-b')).toStrictEqual([]);
        expect(await store.corpusCounts('run-b')).toStrictEqual({ documents: 1, roots: 1, rootChars: 6, diagnostics: { errors: 0, warnings: 0 } });
        expect(await store.corpusCounts('run-a')).toStrictEqual({ documents: 1, roots: 3, rootChars: 33, diagnostics: { errors: 1, warnings: 0 } });
      });

      it('lists documents by id in byte order', async () => {
        await seedB(store);
        const byId = (id: string) => runBDocuments.find((d) => d.docId === id);
        expect(await store.listDocuments('run-b')).toStrictEqual([byId('B.txt'), byId('a.txt'), byId('b.txt'), byId('ä.txt')]);
        expect(await store.listDocuments('run-none')).toStrictEqual([]);
      });

      it('lists diagnostics in ingest order, with the line only where there is one', async () => {
        await seedB(store);
        const diagnostics = await store.listDiagnostics('run-b');
        expect(diagnostics).toStrictEqual(runBDiagnostics);
        expect(diagnostics[1]).not.toHaveProperty('line');
        expect(await store.listDiagnostics('run-a')).toStrictEqual([{ path: 'bad.bin', severity: 'error', code: 'binary-file', message: 'binary' }]);
      });

      it('counts the corpus: documents, roots, root characters, diagnostics by severity', async () => {
        await seedB(store);
        expect(await store.corpusCounts('run-b')).toStrictEqual({ documents: 4, roots: 3, rootChars: 23, diagnostics: { errors: 1, warnings: 2 } });
        expect(await store.corpusCounts('run-none')).toStrictEqual({ documents: 0, roots: 0, rootChars: 0, diagnostics: { errors: 0, warnings: 0 } });
      });

      it('counts roots by script', async () => {
        await seedB(store);
        expect(await store.corpusScripts('run-b')).toStrictEqual({ cjk: 1, latin: 2 });
        expect(await store.corpusScripts('run-a')).toStrictEqual({ cjk: 0, latin: 3 });
        expect(await store.corpusScripts('run-none')).toStrictEqual({ cjk: 0, latin: 0 });
      });
    });

    describe('candidates and drops', () => {
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

      it('returns a candidate exactly as written, the leaf reason only when set, and the latest version of a rewritten node', async () => {
        await seedB(store);
        const leaf = nodeCandidate('z', 1, '0.1', { leafReason: 'too-short', attempts: 2, grounding: [0.1, 1 / 3] });
        const inner = nodeCandidate('z', 1, '0');
        await store.putCandidate('run-b', { ...inner, question: 'old?', leafReason: 'stale' });
        await store.putCandidate('run-b', inner);
        await store.putCandidate('run-b', leaf);
        const rows = await store.listCandidates('run-b');
        expect(rows).toStrictEqual([inner, leaf]);
        expect(rows[0]).not.toHaveProperty('leafReason');
      });

      it('lists candidates by root sequence, pass, then path in byte order ("0.10" before "0.2")', async () => {
        await seedB(store);
        const written = [
          nodeCandidate('m', 1, '0'),
          nodeCandidate('a', 2, '0'),
          nodeCandidate('z', 1, '0.2'),
          nodeCandidate('z', 2, '0'),
          nodeCandidate('z', 1, '0.10'),
          nodeCandidate('z', 1, '0.1'),
          nodeCandidate('a', 1, '0.1.2'),
          nodeCandidate('z', 1, '0'),
          nodeCandidate('a', 1, '0.1.10'),
        ];
        for (const row of written) await store.putCandidate('run-b', row);
        const keys = (rows: CandidateRow[]) => rows.map((row) => `${row.rootId}/${row.pass}/${row.path}`);
        const all = await store.listCandidates('run-b');
        expect(keys(all)).toStrictEqual(['z/1/0', 'z/1/0.1', 'z/1/0.10', 'z/1/0.2', 'z/2/0', 'a/1/0.1.10', 'a/1/0.1.2', 'a/2/0', 'm/1/0']);
        expect(all[2]).toStrictEqual(nodeCandidate('z', 1, '0.10'));
        const rootZRows = await store.listRootCandidates('run-b', 'z');
        expect(keys(rootZRows)).toStrictEqual(['z/1/0', 'z/1/0.1', 'z/1/0.10', 'z/1/0.2', 'z/2/0']);
        expect(rootZRows[3]).toStrictEqual(nodeCandidate('z', 1, '0.2'));
        expect(await store.listRootCandidates('run-b', 'nobody')).toStrictEqual([]);
        expect(await store.listCandidates('run-none')).toStrictEqual([]);
      });

      it('keeps one drop per node when written twice, the latest version, ordered by root sequence, pass, path', async () => {
        await seedB(store);
        await store.putDrop('run-b', nodeDrop('m', 1, '0', 'no-question'));
        await store.putDrop('run-b', nodeDrop('z', 1, '0.2', 'too-short', { detail: 'first attempt' }));
        await store.putDrop('run-b', nodeDrop('z', 1, '0.2', 'too-short'));
        await store.putDrop('run-b', nodeDrop('z', 1, '0.10', 'parse-failed'));
        await store.putDrop('run-b', nodeDrop('z', 0, '0.3', 'parse-failed'));
        expect(await store.listDrops('run-b')).toStrictEqual([
          nodeDrop('z', 0, '0.3', 'parse-failed'),
          nodeDrop('z', 1, '0.10', 'parse-failed'),
          nodeDrop('z', 1, '0.2', 'too-short'),
          nodeDrop('m', 1, '0', 'no-question'),
        ]);
        expect(await store.listDrops('run-a')).toStrictEqual([]);
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

      it('counts outputs exactly: rows, reasons in byte order, depths, and token usage of candidates and drops', async () => {
        await seedB(store);
        await store.putCandidate('run-b', nodeCandidate('z', 1, '0'));
        await store.putCandidate('run-b', nodeCandidate('z', 1, '0.1', { leafReason: 'too-short' }));
        await store.putCandidate('run-b', nodeCandidate('z', 1, '0.2', { leafReason: 'Zero-children' }));
        await store.putCandidate('run-b', nodeCandidate('a', 2, '0.1.1', { leafReason: 'too-short' }));
        await store.putDrop('run-b', nodeDrop('m', 1, '0', 'parse-failed'));
        await store.putDrop('run-b', nodeDrop('m', 1, '0.1', 'Too-long'));
        await store.putDrop('run-b', nodeDrop('m', 1, '0.2', 'parse-failed'));
        const counts = await store.outputCounts('run-b');
        expect(counts).toStrictEqual({
          candidates: 4,
          drops: 3,
          dropsByReason: { 'Too-long': 1, 'parse-failed': 2 },
          leavesByReason: { 'Zero-children': 1, 'too-short': 2 },
          usage: {
            promptTokens: 3 * 101 + 102 + 3 * 7,
            completionTokens: 4 * 20 + 3 * 3,
            totalTokens: 3 * 121 + 122 + 3 * 10,
            paid: { promptTokens: 3 * 101 + 102 + 3 * 2, completionTokens: 4 * 20 + 3 * 1, totalTokens: 3 * 121 + 122 + 3 * 3 },
          },
          candidatesByDepth: { '0': 1, '1': 2, '2': 1 },
        });
        expect(Object.keys(counts.dropsByReason)).toStrictEqual(['Too-long', 'parse-failed']);
        expect(Object.keys(counts.leavesByReason)).toStrictEqual(['Zero-children', 'too-short']);
        expect(await store.outputCounts('run-none')).toStrictEqual({
          candidates: 0,
          drops: 0,
          dropsByReason: {},
          leavesByReason: {},
          usage: unpaid,
          candidatesByDepth: {},
        });
      });
    });

    describe('root outcomes and the next pass', () => {
      it('keeps one outcome per root, the latest, ordered by root sequence, the error only when set', async () => {
        await seedB(store);
        await store.putRootOutcome('run-b', outcomeOf('m', 1, 3));
        await store.putRootOutcome('run-b', outcomeOf('a', 1, 3, { error: 'workflow failed' }));
        await store.putRootOutcome('run-b', outcomeOf('z', 1, 3));
        await store.putRootOutcome('run-b', outcomeOf('z', 2, 3, { nodes: 9, candidates: 7 }));
        const outcomes = await store.listRootOutcomes('run-b');
        expect(outcomes).toStrictEqual([outcomeOf('z', 2, 3, { nodes: 9, candidates: 7 }), outcomeOf('a', 1, 3, { error: 'workflow failed' }), outcomeOf('m', 1, 3)]);
        expect(outcomes[0]).not.toHaveProperty('error');
        expect(await store.listRootOutcomes('run-a')).toStrictEqual([]);
      });

      it('lists after a pass the roots that ran every pass so far without error, with their kept-question count', async () => {
        const outcome = (rootId: string, passes: number, quota: number, error?: string) => ({
          rootId, docId: 'a.txt', quota, candidates: 4, drops: 0, passes, nodes: 4, ...(error ? { error } : {}),
        });
        await store.putRootOutcome('run-a', outcome('r0', 1, 2));
        await store.putRootOutcome('run-a', outcome('r1', 1, 2));
        await store.putRootOutcome('run-a', outcome('r2', 1, 2, 'workflow failed'));
        const decision = (rootId: string, path: string, kept: boolean) => ({ rootId, pass: 1, path, score: 0.5, kept, ...(kept ? { rank: 1 } : { reason: 'over-quota' as const }) });
        await store.replaceFilterDecisions('run-a', 'r0', [decision('r0', '0', true), decision('r0', '0.1', true)]);
        await store.replaceFilterDecisions('run-a', 'r1', [decision('r1', '0', true), decision('r1', '0.1', false)]);

        const after = await store.listRootsAfterPass('run-a', 1, -1, 10);
        expect(after.map((root) => [root.rootId, root.kept])).toEqual([['r0', 2], ['r1', 1]]);
        expect(after[1]!.outcome).toEqual(outcome('r1', 1, 2));
        expect(await store.listRootsAfterPass('run-a', 2, -1, 10)).toEqual([]);

        await store.putRootOutcome('run-a', outcome('r1', 2, 2));
        expect((await store.listRootRefsWithPass('run-a', 2, -1, 10)).map((root) => root.rootId)).toEqual(['r1']);
        expect((await store.listRootRefsWithPass('run-a', 1, 0, 10)).map((root) => root.rootId)).toEqual(['r1', 'r2']);
      });

      it('pages the roots after a pass by sequence with their outcome and kept count, exactly', async () => {
        await seedB(store);
        for (const rootId of ['z', 'a', 'm']) await store.putRootOutcome('run-b', outcomeOf(rootId, 1, 2));
        await store.replaceFilterDecisions('run-b', 'a', [
          { rootId: 'a', pass: 1, path: '0', score: 0.9, kept: true, rank: 1 },
          { rootId: 'a', pass: 1, path: '0.1', score: 0.8, kept: true, rank: 2 },
        ]);
        const first = await store.listRootsAfterPass('run-b', 1, -1, 1);
        expect(first).toStrictEqual([{ ...refOf(rootZ), outcome: outcomeOf('z', 1, 2), kept: 0 }]);
        expect(await store.listRootsAfterPass('run-b', 1, 0, 5)).toStrictEqual([
          { ...refOf(rootA), outcome: outcomeOf('a', 1, 2), kept: 2 },
          { ...refOf(rootM), outcome: outcomeOf('m', 1, 2), kept: 0 },
        ]);
        expect(await store.listRootsAfterPass('run-b', 1, 2, 5)).toStrictEqual([]);
      });

      it('pages the roots that ran a given pass, exactly', async () => {
        await seedB(store);
        await store.putRootOutcome('run-b', outcomeOf('z', 3, 2));
        await store.putRootOutcome('run-b', outcomeOf('a', 1, 2));
        await store.putRootOutcome('run-b', outcomeOf('m', 2, 2, { error: 'failed in pass 2' }));
        expect(await store.listRootRefsWithPass('run-b', 2, -1, 10)).toStrictEqual([refOf(rootZ), refOf(rootM)]);
        expect(await store.listRootRefsWithPass('run-b', 2, -1, 1)).toStrictEqual([refOf(rootZ)]);
        expect(await store.listRootRefsWithPass('run-b', 1, 0, 10)).toStrictEqual([refOf(rootA), refOf(rootM)]);
        expect(await store.listRootRefsWithPass('run-b', 4, -1, 10)).toStrictEqual([]);
      });
    });

    describe('triples', () => {
      const triple = (seq: number, extra: Partial<TripleRow> = {}): TripleRow => ({
        seq,
        rootId: 'z',
        pass: 1,
        path: `0.${seq}`,
        docId: 'B.txt',
        script: 'cjk',
        variant: 'one-example',
        context: `context ${seq}`,
        positive: `positive ${seq}?`,
        status: 'pending',
        usage: unpaid,
        ...extra,
      });

      it('replaces the planned triples, lists them by sequence, gets one, and completes it idempotently', async () => {
        await store.replaceTriples('run-b', [triple(9)]);
        const planned = [triple(2, { variant: 'terse-instruction' }), triple(0), triple(1, { negative: 'neg?', status: 'failed', detail: 'kept' })];
        await store.replaceTriples('run-b', planned);
        expect(await store.listTriples('run-b')).toStrictEqual([planned[1], planned[2], planned[0]]);
        expect(await store.getTriple('run-b', 2)).toStrictEqual(planned[0]);
        expect(await store.getTriple('run-b', 9)).toBeUndefined();
        expect(await store.getTriple('run-a', 2)).toBeUndefined();

        const paid = { promptTokens: 40, completionTokens: 9, totalTokens: 49, paid: { promptTokens: 40, completionTokens: 9, totalTokens: 49 } };
        await store.completeTriple('run-b', 0, { negative: 'weak question?', status: 'ok', usage: paid });
        await store.completeTriple('run-b', 0, { negative: 'weak question?', status: 'ok', usage: paid });
        await store.completeTriple('run-b', 1, { status: 'failed', detail: 'no usable reply' });
        expect(await store.listTriples('run-b')).toStrictEqual([
          triple(0, { negative: 'weak question?', status: 'ok', usage: paid }),
          triple(1, { status: 'failed', detail: 'no usable reply' }),
          planned[0],
        ]);
        const completed = await store.getTriple('run-b', 1);
        expect(completed).not.toHaveProperty('negative');
        expect(await store.listTriples('run-a')).toStrictEqual([]);

        await store.replaceTriples('run-b', []);
        expect(await store.listTriples('run-b')).toStrictEqual([]);
      });
    });

    describe('filter decisions and questions', () => {
      const kept = (rootId: string, pass: number, path: string, rank: number, score: number): FilterDecisionRow => ({ rootId, pass, path, score, kept: true, rank });

      async function seedQuestions() {
        await seedB(store);
        for (const [rootId, pass, path] of [['z', 1, '0'], ['z', 1, '0.1'], ['z', 1, '0.10'], ['z', 1, '0.2'], ['z', 2, '0'], ['a', 1, '0']] as const) {
          await store.putCandidate('run-b', nodeCandidate(rootId, pass, path));
        }
      }

      it('replaces the decisions of one root only, and lists them with the document by root sequence, pass, path', async () => {
        await seedQuestions();
        const zDecisions: FilterDecisionRow[] = [
          { rootId: 'z', pass: 1, path: '0.2', score: 0.125, kept: false, reason: 'duplicate', duplicateOf: '1/0.10', rouge: 0.875 },
          kept('z', 1, '0.10', 1, 0.75),
          { rootId: 'z', pass: 1, path: '0', score: -0.5, kept: false, reason: 'over-quota' },
          { ...kept('z', 2, '0', 2, 0.5), rouge: 0.25 },
        ];
        await store.replaceFilterDecisions('run-b', 'z', [{ ...kept('z', 1, '0.1', 1, 0.9) }]);
        await store.replaceFilterDecisions('run-b', 'a', [kept('a', 1, '0', 1, 1)]);
        await store.replaceFilterDecisions('run-b', 'z', zDecisions);
        const listed = await store.listFilterDecisions('run-b');
        expect(listed).toStrictEqual([
          { ...zDecisions[2], docId: 'B.txt' },
          { ...zDecisions[1], docId: 'B.txt' },
          { ...zDecisions[0], docId: 'B.txt' },
          { ...zDecisions[3], docId: 'B.txt' },
          { ...kept('a', 1, '0', 1, 1), docId: 'B.txt' },
        ]);
        expect(listed[1]).not.toHaveProperty('reason');
        expect(listed[0]).not.toHaveProperty('rank');

        await store.replaceFilterDecisions('run-b', 'z', []);
        expect(await store.listFilterDecisions('run-b')).toStrictEqual([{ ...kept('a', 1, '0', 1, 1), docId: 'B.txt' }]);
        expect(await store.listFilterDecisions('run-a')).toStrictEqual([]);
      });

      it('lists a root\'s questions: every candidate by pass and path, or the kept ones by rank with score and rank', async () => {
        await seedQuestions();
        await store.replaceFilterDecisions('run-b', 'z', [
          kept('z', 1, '0.2', 2, 0.5),
          kept('z', 2, '0', 1, 0.75),
          { rootId: 'z', pass: 1, path: '0.1', score: 0.25, kept: false, reason: 'over-quota' },
          kept('z', 1, '0.10', 3, 0.125),
        ]);
        await store.replaceFilterDecisions('run-b', 'a', [kept('a', 1, '0', 1, 1)]);
        const question = (pass: number, path: string, ranked?: { score: number; rank: number }) => {
          const c = nodeCandidate('z', pass, path);
          return { rootId: 'z', pass, path, docId: c.docId, depth: c.depth, context: c.context, question: c.question, ...ranked };
        };
        const all = await store.listQuestions('run-b', 'z', false);
        expect(all).toStrictEqual([question(1, '0'), question(1, '0.1'), question(1, '0.10'), question(1, '0.2'), question(2, '0')]);
        expect(all[0]).not.toHaveProperty('score');
        expect(all[0]).not.toHaveProperty('rank');
        expect(await store.listQuestions('run-b', 'z', true)).toStrictEqual([
          question(2, '0', { score: 0.75, rank: 1 }),
          question(1, '0.2', { score: 0.5, rank: 2 }),
          question(1, '0.10', { score: 0.125, rank: 3 }),
        ]);
        expect(await store.listQuestions('run-b', 'm', false)).toStrictEqual([]);
        expect(await store.listQuestions('run-b', 'm', true)).toStrictEqual([]);
      });
    });

    describe('example traces and artifacts', () => {
      const trace = (setIndex: number, round: number, exampleIndex: number, extra: Partial<ExampleTraceRow> = {}): ExampleTraceRow => ({
        setIndex,
        round,
        exampleIndex,
        verdict: 'yes',
        answer: `answer ${setIndex}/${round}/${exampleIndex}`,
        reasoning: 'reasoning',
        judgeAttempts: 1,
        usage: paidInFull({ promptTokens: 11, completionTokens: 22, totalTokens: 33 }),
        ...extra,
      });

      it('keeps one trace per set, round and example, the latest, and lists them in that order', async () => {
        const failed: ExampleTraceRow = { setIndex: 0, round: 1, exampleIndex: 0, verdict: 'failed', detail: 'judge never answered', judgeAttempts: 3, usage };
        await store.putExampleTrace('run-b', trace(1, 0, 0));
        await store.putExampleTrace('run-b', trace(0, 1, 2, { verdict: 'no' }));
        await store.putExampleTrace('run-b', trace(0, 1, 0, { verdict: 'no' }));
        await store.putExampleTrace('run-b', failed);
        await store.putExampleTrace('run-b', trace(0, 0, 10));
        await store.putExampleTrace('run-b', trace(0, 0, 2));
        expect(await store.getExampleTrace('run-b', { setIndex: 0, round: 1, exampleIndex: 0 })).toStrictEqual(failed);
        expect(await store.getExampleTrace('run-b', { setIndex: 1, round: 0, exampleIndex: 0 })).toStrictEqual(trace(1, 0, 0));
        expect(await store.getExampleTrace('run-b', { setIndex: 2, round: 0, exampleIndex: 0 })).toBeUndefined();
        expect(await store.getExampleTrace('run-a', { setIndex: 1, round: 0, exampleIndex: 0 })).toBeUndefined();
        const traces = await store.listExampleTraces('run-b');
        expect(traces).toStrictEqual([trace(0, 0, 2), trace(0, 0, 10), failed, trace(0, 1, 2, { verdict: 'no' }), trace(1, 0, 0)]);
        expect(traces[2]).not.toHaveProperty('answer');
        expect(traces[2]).not.toHaveProperty('reasoning');
        expect(traces[0]).not.toHaveProperty('detail');
        expect(await store.listExampleTraces('run-a')).toStrictEqual([]);
      });

      it('stores a named JSON document byte for byte, replacing it on a repeated put', async () => {
        const json = '{"z":1,"a":[1.50,"中文"],\n "e":"\\u00e9"}';
        await store.putArtifact('run-b', 'examples', '{"old":true}');
        await store.putArtifact('run-b', 'examples', json);
        await store.putArtifact('run-b', 'principles', '[]');
        expect(await store.getArtifact('run-b', 'examples')).toBe(json);
        expect(await store.getArtifact('run-b', 'principles')).toBe('[]');
        expect(await store.getArtifact('run-b', 'missing')).toBeUndefined();
        expect(await store.getArtifact('run-a', 'examples')).toBeUndefined();
      });
    });

    describe('answers', () => {
      const critique = { faithful: false, problems: 'the date is wrong', revised: true, firstAnswer: 'first draft' };

      it('keeps one answer per node when written twice, the latest, with its critique and optional fields', async () => {
        await seedB(store);
        const key = { rootId: 'z', pass: 1, path: '0.1' };
        await store.putAnswer('run-b', answerOf('z', 1, '0.1', { answer: 'first', critique }));
        await store.putAnswer('run-b', answerOf('z', 1, '0.1', { critique }));
        const failed: AnswerRow = { rootId: 'z', pass: 1, path: '0.2', status: 'failed', detail: 'no usable reply', model: 'answer-model', attempts: 3, usage };
        await store.putAnswer('run-b', failed);
        expect(await store.getAnswer('run-b', key)).toStrictEqual(answerOf('z', 1, '0.1', { critique }));
        const gotFailed = await store.getAnswer('run-b', { rootId: 'z', pass: 1, path: '0.2' });
        expect(gotFailed).toStrictEqual(failed);
        expect(gotFailed).not.toHaveProperty('answer');
        expect(gotFailed).not.toHaveProperty('critique');
        expect(await store.getAnswer('run-b', { rootId: 'z', pass: 2, path: '0.1' })).toBeUndefined();
        expect(await store.getAnswer('run-a', key)).toBeUndefined();
      });

      it('lists the answered questions by root sequence, then rank (filtered) or pass and path', async () => {
        await seedB(store);
        const nodes = [['m', 1, '0'], ['z', 1, '0.2'], ['z', 1, '0.10'], ['z', 1, '0'], ['a', 1, '0'], ['a', 2, '0.1']] as const;
        for (const [rootId, pass, path] of nodes) await store.putCandidate('run-b', nodeCandidate(rootId, pass, path));
        await store.replaceFilterDecisions('run-b', 'z', [
          { rootId: 'z', pass: 1, path: '0.2', score: 0.75, kept: true, rank: 1 },
          { rootId: 'z', pass: 1, path: '0.10', score: 0.5, kept: true, rank: 2 },
          { rootId: 'z', pass: 1, path: '0', score: 0.25, kept: false, reason: 'over-quota' },
        ]);
        await store.replaceFilterDecisions('run-b', 'm', [{ rootId: 'm', pass: 1, path: '0', score: 0.5, kept: true, rank: 1 }]);
        await store.replaceFilterDecisions('run-b', 'a', [{ rootId: 'a', pass: 2, path: '0.1', score: 0.5, kept: true, rank: 1 }]);
        // Every node answered except a/2/0.1; m/1/0 answered twice.
        for (const [rootId, pass, path] of nodes) {
          if (rootId !== 'a' || pass !== 2) await store.putAnswer('run-b', answerOf(rootId, pass, path));
        }
        await store.putAnswer('run-b', answerOf('m', 1, '0', { status: 'failed', answer: undefined, detail: 'retried' }));
        const finalAnswer = (rootId: string, pass: number, path: string): AnswerRow =>
          rootId === 'm' ? { rootId, pass, path, status: 'failed', reasoning: 'because', detail: 'retried', model: 'answer-model', attempts: 1, usage: answerOf(rootId, pass, path).usage } : answerOf(rootId, pass, path);
        const entry = (rootId: string, pass: number, path: string, ranked?: { score: number; rank: number }) => {
          const c = nodeCandidate(rootId, pass, path);
          return {
            rootId, pass, path, docId: c.docId, depth: c.depth, context: c.context, question: c.question, ...ranked, answer: finalAnswer(rootId, pass, path),
          };
        };
        expect(await store.listAnswers('run-b', false)).toStrictEqual([
          entry('z', 1, '0'),
          entry('z', 1, '0.10'),
          entry('z', 1, '0.2'),
          entry('a', 1, '0'),
          entry('m', 1, '0'),
        ]);
        expect(await store.listAnswers('run-b', true)).toStrictEqual([
          entry('z', 1, '0.2', { score: 0.75, rank: 1 }),
          entry('z', 1, '0.10', { score: 0.5, rank: 2 }),
          entry('m', 1, '0', { score: 0.5, rank: 1 }),
        ]);
        expect(await store.listAnswers('run-a', false)).toStrictEqual([]);
      });
    });
  });

  describe(`${name} (RunStore conformance, dataset versions and refreshes)`, () => {
    let handle: OpenedRunStore;
    beforeEach(async () => {
      handle = await open();
    });
    afterEach(() => handle.dispose());

    it('numbers the versions of a dataset, once per run, and completes them', async () => {
      const { store } = handle;
      const first = await store.registerVersion('wiki', 'run-a', '2026-01-01T00:00:00Z');
      const second = await store.registerVersion('wiki', 'run-b', '2026-01-02T00:00:00Z');
      expect(await store.registerVersion('wiki', 'run-a', '2026-01-03T00:00:00Z')).toStrictEqual(first);
      expect(await store.registerVersion('other', 'run-c', '2026-01-01T00:00:00Z')).toMatchObject({ version: 1 });
      await store.completeVersion('wiki', 'run-a');
      expect(await store.listVersions('wiki')).toStrictEqual([
        { dataset: 'wiki', version: 1, runName: 'run-a', status: 'completed', createdAt: '2026-01-01T00:00:00Z' },
        { ...second, version: 2, status: 'running' },
      ]);
    });

    it('finds the unchanged roots of a refresh and carries their rows and artifacts forward', async () => {
      const { store } = handle;
      await seed(store);
      // run-c: r0 unchanged, r1 unchanged, r2 changed (other content hash), r3 new.
      const roots = [0, 1, 2, 3].map((index) => ({
        rootId: `r${index}`, seq: index, docId: 'a.txt', index, text: `root text ${index}`, chars: 11,
        contentHash: index === 2 ? 'changed' : `h${index}`, script: 'latin' as const, lengthScale: 3, startOffset: 0, endOffset: 11,
      }));
      await store.replaceCorpus('run-c', { documents: [{ docId: 'a.txt', sourcePath: '/c/a.txt', contentHash: 'h2', chars: 44, script: 'latin' }], roots, diagnostics: [] });
      expect(await store.unchangedRoots('run-a', 'run-c')).toStrictEqual(['r0', 'r1']);

      await store.putCandidate('run-a', candidate('0', 'carried?'));
      await store.putDrop('run-a', { rootId: 'r1', pass: 1, path: '0.1', docId: 'a.txt', depth: 1, context: 'c', stage: 'cst', reason: 'question-too-short', detail: 'd', attempts: 1, usage, createdAt: 'now' });
      await store.putRootOutcome('run-a', { rootId: 'r1', docId: 'a.txt', quota: 1, candidates: 1, drops: 1, passes: 1, nodes: 2 });
      await store.replaceFilterDecisions('run-a', 'r1', [{ rootId: 'r1', pass: 1, path: '0', score: 0.75, kept: true, rank: 1 }]);
      await store.putAnswer('run-a', { rootId: 'r1', pass: 1, path: '0', status: 'ok', answer: 'Yes.', reasoning: 'because', model: 'm', attempts: 1, usage });
      await store.putCandidate('run-c', { ...candidate('0.9', 'stale?') });
      await store.carryForwardRoots('run-a', 'run-c', ['r1']);
      await store.carryForwardRoots('run-a', 'run-c', ['r1']);

      expect(await store.listCandidates('run-c')).toStrictEqual(await store.listCandidates('run-a'));
      expect(await store.listDrops('run-c')).toStrictEqual(await store.listDrops('run-a'));
      expect(await store.listRootOutcomes('run-c')).toStrictEqual(await store.listRootOutcomes('run-a'));
      expect(await store.listFilterDecisions('run-c')).toStrictEqual(await store.listFilterDecisions('run-a'));
      expect(await store.listAnswers('run-c', true)).toStrictEqual(await store.listAnswers('run-a', true));
      expect((await store.listPendingRoots('run-c', -1, 10)).map((root) => root.rootId)).toStrictEqual(['r0', 'r2', 'r3']);
      expect((await store.listPendingRoots('run-c', 0, 1)).map((root) => root.rootId)).toStrictEqual(['r2']);

      await store.putArtifact('run-a', 'demonstrations', '{"d":1}');
      await store.putArtifact('run-a', 'other', '{}');
      await store.putExampleTrace('run-a', { setIndex: 0, round: 1, exampleIndex: 2, verdict: 'yes', answer: 'A', judgeAttempts: 1, usage });
      await store.carryForwardArtifacts('run-a', 'run-c', ['demonstrations', 'missing']);
      expect(await store.getArtifact('run-c', 'demonstrations')).toBe('{"d":1}');
      expect(await store.getArtifact('run-c', 'other')).toBeUndefined();
      expect(await store.listExampleTraces('run-c')).toStrictEqual(await store.listExampleTraces('run-a'));
    });
  });

  describe(`${name} (RunStore conformance, LLM response cache)`, () => {
    let handle: OpenedRunStore;
    beforeEach(async () => {
      handle = await open();
    });
    afterEach(() => handle.dispose());

    it('stores a reply under its key for every run, the finish reason only when set, replacing it on a repeated put', async () => {
      const { store } = handle;
      const reply = { text: '{"question":"Why?"}', model: 'm', usage: { promptTokens: 7, completionTokens: 3, totalTokens: 10 } };
      expect(await store.getCachedResponse('k1')).toBeUndefined();
      await store.putCachedResponse('k1', reply);
      await store.putCachedResponse('k2', { ...reply, text: 'second', finishReason: 'stop' });
      expect(await store.getCachedResponse('k1')).toStrictEqual(reply);
      expect(await store.getCachedResponse('k2')).toStrictEqual({ ...reply, text: 'second', finishReason: 'stop' });
      await store.putCachedResponse('k1', { ...reply, text: 'again' });
      expect((await store.getCachedResponse('k1'))?.text).toBe('again');
    });

    it("counts hits, misses and the misses' prompt tokens per run, also under concurrent increments", async () => {
      const { store } = handle;
      expect(await store.cacheStats('run-a')).toStrictEqual({ hits: 0, misses: 0, promptTokensSent: 0, providerCachedPromptTokens: 0 });
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => store.countCacheUse('run-a', i % 3 === 0 ? { hit: true } : { hit: false, promptTokens: 100, cachedPromptTokens: 80 })),
      );
      // A failed call is a miss without tokens.
      await store.countCacheUse('run-b', { hit: false });
      expect(await store.cacheStats('run-a')).toStrictEqual({ hits: 10, misses: 20, promptTokensSent: 2000, providerCachedPromptTokens: 1600 });
      expect(await store.cacheStats('run-b')).toStrictEqual({ hits: 0, misses: 1, promptTokensSent: 0, providerCachedPromptTokens: 0 });
    });
  });

  describe(`${name} (RunStore conformance, batch requests)`, () => {
    let handle: OpenedRunStore;
    beforeEach(async () => {
      handle = await open();
    });
    afterEach(() => handle.dispose());

    it('queues a request once, claims each into one batch (the same set on a retry), and settles it done or direct', async () => {
      const { store } = handle;
      expect(await store.deferBatchRequest('run-a', 'k2', '{"n":2}')).toBe('queued');
      expect(await store.deferBatchRequest('run-a', 'k1', '{"n":1}')).toBe('queued');
      expect(await store.deferBatchRequest('run-a', 'k1', '{"n":"changed"}')).toBe('queued');
      expect(await store.deferBatchRequest('run-b', 'k1', '{"n":1}')).toBe('queued');
      const first = [{ key: 'k1', body: '{"n":1}' }, { key: 'k2', body: '{"n":2}' }];
      expect(await store.claimBatchRequests('run-a', 'round-1')).toStrictEqual(first);
      expect(await store.claimBatchRequests('run-a', 'round-1')).toStrictEqual(first);
      expect(await store.deferBatchRequest('run-a', 'k3', '{"n":3}')).toBe('queued');
      expect(await store.claimBatchRequests('run-a', 'round-2')).toStrictEqual([{ key: 'k3', body: '{"n":3}' }]);
      expect(await store.listBatchRequests('run-a', 'round-1')).toStrictEqual(first);
      expect(await store.batchRequestCounts('run-a')).toStrictEqual({ queued: 0, submitted: 3, done: 0, direct: 0, batches: 2 });

      await store.settleBatchRequests('run-a', ['k1'], 'done');
      await store.settleBatchRequests('run-a', ['k2', 'k3'], 'direct');
      // A request its batch did not answer is made directly; asking again does not queue it anew.
      expect(await store.deferBatchRequest('run-a', 'k2', '{"n":2}')).toBe('direct');
      expect(await store.claimBatchRequests('run-a', 'round-3')).toStrictEqual([]);
      expect(await store.batchRequestCounts('run-a')).toStrictEqual({ queued: 0, submitted: 0, done: 1, direct: 2, batches: 2 });
      expect(await store.batchRequestCounts('run-b')).toStrictEqual({ queued: 1, submitted: 0, done: 0, direct: 0, batches: 0 });
      await store.deleteRun('run-a');
      expect(await store.batchRequestCounts('run-a')).toStrictEqual({ queued: 0, submitted: 0, done: 0, direct: 0, batches: 0 });
    });
  });

  describe(`${name} (RunStore conformance, concurrent writers)`, () => {
    let handles: OpenedRunStore[] = [];
    afterEach(async () => {
      for (const handle of handles) await handle.dispose();
      handles = [];
    });

    /** Two instances on one new database, opened at once (two workers starting together). */
    async function openTwo(): Promise<[RunStore, RunStore]> {
      const database = randomUUID();
      const opened = await Promise.allSettled([open(database), open(database)]);
      for (const result of opened) if (result.status === 'fulfilled') handles.push(result.value);
      for (const result of opened) if (result.status === 'rejected') throw result.reason;
      return [handles[0]!.store, handles[1]!.store];
    }

    it('leaves exactly one row per node when two store instances write the same and distinct nodes at once', async () => {
      const [first, second] = await openTwo();
      await seed(first);
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 20; i++) {
        const writer = i % 2 === 0 ? first : second;
        writes.push(writer.putCandidate('run-a', candidate('0', `same node, write ${i}?`)));
        writes.push(writer.putCandidate('run-a', candidate(`0.${i + 1}`, `distinct node ${i}?`)));
      }
      await Promise.all(writes);
      const expectedPaths = ['0', ...Array.from({ length: 20 }, (_, i) => `0.${i + 1}`).sort()];
      for (const reader of [first, second]) {
        const rows = await reader.listCandidates('run-a');
        expect(rows).toHaveLength(21);
        expect(rows.map((row) => row.path)).toStrictEqual(expectedPaths);
        expect(rows[0]!.question).toMatch(/^same node, write \d+\?$/);
        expect(rows.slice(1).map((row) => row.question)).toStrictEqual(expectedPaths.slice(1).map((path) => `distinct node ${Number(path.slice(2)) - 1}?`));
        expect((await reader.outputCounts('run-a')).candidates).toBe(21);
      }
    });

    it('leaves exactly one copy when two store instances replace the same corpus and decisions at once', async () => {
      const [first, second] = await openTwo();
      await Promise.all([seedB(first), seedB(second), seedB(first), seedB(second)]);
      const decisions: FilterDecisionRow[] = [
        { rootId: 'z', pass: 1, path: '0', score: 0.5, kept: true, rank: 1 },
        { rootId: 'z', pass: 1, path: '0.1', score: 0.25, kept: false, reason: 'over-quota' },
      ];
      await Promise.all([first, second, first, second].map((writer) => writer.replaceFilterDecisions('run-b', 'z', decisions)));
      expect(await second.listRootRefs('run-b', -1, 10)).toStrictEqual(runBRoots.map(refOf));
      expect(await first.corpusCounts('run-b')).toStrictEqual({ documents: 4, roots: 3, rootChars: 23, diagnostics: { errors: 1, warnings: 2 } });
      expect(await first.listDiagnostics('run-b')).toStrictEqual(runBDiagnostics);
      expect(await second.listFilterDecisions('run-b')).toStrictEqual(decisions.map((d) => ({ ...d, docId: 'B.txt' })));
    });
  });
}
