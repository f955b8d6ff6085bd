/**
 * The run report built from a seeded in-memory store: what each root's trees, the charts and the
 * tables hold, and the rendered HTML: escaped, self-contained, byte-identical for the same data.
 */
import { canonicalJson } from '../domain/canonical-json';
import { RunInputSchema } from '../domain/run-input';
import type { AnswerRow, CandidateRow, DropRow, FilterDecisionRow, RootOutcomeRow } from '../store/run-store';
import { openSqliteRunStore, type SqliteRunStore } from '../store/sqlite-run-store';
import { walkNodes } from './cst-tree';
import { parseManifest } from './manifest';
import { renderReport } from './render-report';
import { buildReportData, ReportRunNotFoundError } from './report-data';

const RUN = 'run-report';
const paidInFull = (tokens: { promptTokens: number; completionTokens: number; totalTokens: number }) => ({ ...tokens, paid: { ...tokens } });
const usage = paidInFull({ promptTokens: 10, completionTokens: 5, totalTokens: 15 });
const dropUsage = paidInFull({ promptTokens: 7, completionTokens: 3, totalTokens: 10 });
/** A reply the response cache had from another run: its tokens, none of them paid. */
const fromOtherRun = { promptTokens: 20, completionTokens: 10, totalTokens: 30, paid: { promptTokens: 0, completionTokens: 0, totalTokens: 0 } };
const SCRIPT_QUESTION = 'Is this <script>alert("pwned")</script> escaped & safe?';

const candidate = (rootId: string, pass: number, path: string, extra: Partial<CandidateRow> = {}): CandidateRow => ({
  rootId,
  pass,
  path,
  docId: rootId === 'r1' ? 'b.txt' : 'a&b<1>.txt',
  depth: path.split('.').length - 1,
  context: `context of ${rootId} ${pass}/${path} `.repeat(Math.max(1, 6 - path.length)),
  question: `What about ${rootId} ${pass}/${path}?`,
  model: 'm',
  usage,
  attempts: 1,
  grounding: [1, 1],
  createdAt: '2026-01-01T00:00:00Z',
  ...extra,
});

const drop = (rootId: string, pass: number, path: string, reason: string): DropRow => ({
  rootId,
  pass,
  path,
  docId: 'a&b<1>.txt',
  depth: path.split('.').length - 1,
  context: `dropped ${path}`,
  stage: 'cst',
  reason,
  detail: `why ${path}`,
  attempts: 5,
  usage: dropUsage,
  createdAt: '2026-01-01T00:00:00Z',
});

const outcome = (rootId: string, quota: number, candidates: number, passes: number, extra: Partial<RootOutcomeRow> = {}): RootOutcomeRow => ({
  rootId,
  docId: rootId === 'r1' ? 'b.txt' : 'a&b<1>.txt',
  quota,
  candidates,
  drops: 0,
  passes,
  nodes: candidates,
  ...extra,
});

const answer = (rootId: string, path: string, fields: Partial<AnswerRow> = {}): AnswerRow => ({ rootId, pass: 1, path, status: 'ok', model: 'm', attempts: 1, usage, ...fields });

/**
 * Four roots: r0 (two passes, every mark, under quota), r1 (Chinese, met its quota), r2 (failed,
 * no nodes), r3 (not done yet).
 */
async function seed(options: { scorer?: boolean; budget?: { inputPricePerMillion: number; outputPricePerMillion: number } } = {}): Promise<SqliteRunStore> {
  const store = openSqliteRunStore(':memory:');
  const settings = RunInputSchema.parse({ corpus: { paths: ['x'] }, seed: 7, scorer: { enabled: options.scorer ?? true }, ...(options.budget ? { budget: options.budget } : {}) });
  await store.putRun({ runName: RUN, configHash: 'abcdef0123456789', settingsJson: canonicalJson(settings), createdAt: '2026-01-02T03:04:05Z' });
  await store.replaceCorpus(RUN, {
    documents: [
      { docId: 'a&b<1>.txt', sourcePath: '/c/a.txt', contentHash: 'ha', chars: 300, script: 'latin' },
      { docId: 'b.txt', sourcePath: '/c/b.txt', contentHash: 'hb', chars: 80, script: 'cjk' },
    ],
    roots: ['r0', 'r1', 'r2', 'r3'].map((rootId, seq) => ({
      rootId,
      seq,
      docId: rootId === 'r1' ? 'b.txt' : 'a&b<1>.txt',
      index: seq,
      text: `root ${rootId}`,
      chars: [120, 60, 40, 30][seq]!,
      contentHash: `h${rootId}`,
      script: rootId === 'r1' ? ('cjk' as const) : ('latin' as const),
      lengthScale: 1,
      startOffset: 0,
      endOffset: 10,
    })),
    diagnostics: [{ path: 'x.bin', severity: 'warning', code: 'binary', message: 'skipped' }],
  });
  for (const row of [
    candidate('r0', 1, '0'),
    candidate('r0', 1, '0.1'),
    candidate('r0', 1, '0.2', { leafReason: 'grounding-guard' }),
    candidate('r0', 1, '0.1.1', { leafReason: 'sub-contexts-at-min-length' }),
    candidate('r0', 2, '0', { question: SCRIPT_QUESTION }),
    candidate('r1', 1, '0', { question: '绿茶为什么是绿色的？', context: '绿茶采摘后很快杀青，阻止了氧化，所以保持绿色。' }),
    candidate('r1', 1, '0.1'),
    candidate('r1', 1, '0.2'),
  ]) {
    await store.putCandidate(RUN, row);
  }
  await store.putDrop(RUN, drop('r0', 1, '0.1.2', 'question-too-short'));
  await store.putDrop(RUN, drop('r0', 2, '0.1', 'unparseable-reply'));
  await store.putRootOutcome(RUN, outcome('r0', 4, 5, 2));
  await store.putRootOutcome(RUN, outcome('r1', 1, 3, 1));
  await store.putRootOutcome(RUN, outcome('r2', 2, 0, 1, { error: 'root workflow <failed>' }));
  if (options.scorer ?? true) {
    const decisions = (rows: FilterDecisionRow[]) => rows;
    await store.replaceFilterDecisions(
      RUN,
      'r0',
      decisions([
        { rootId: 'r0', pass: 1, path: '0', score: 0.9, kept: true, rank: 1 },
        { rootId: 'r0', pass: 1, path: '0.1', score: 0.8, kept: true, rank: 2 },
        { rootId: 'r0', pass: 1, path: '0.2', score: 0.7, kept: false, reason: 'duplicate', duplicateOf: '1/0.1', rouge: 0.85 },
        { rootId: 'r0', pass: 1, path: '0.1.1', score: 0.3, kept: false, reason: 'over-quota' },
        { rootId: 'r0', pass: 2, path: '0', score: 0.95, kept: true, rank: 3 },
      ]),
    );
    await store.replaceFilterDecisions(RUN, 'r1', [
      { rootId: 'r1', pass: 1, path: '0', score: 0.6, kept: true, rank: 1 },
      { rootId: 'r1', pass: 1, path: '0.1', score: 0.5, kept: false, reason: 'over-quota' },
      { rootId: 'r1', pass: 1, path: '0.2', score: 0.15, kept: false, reason: 'over-quota' },
    ]);
    await store.replaceTriples(RUN, [
      { rootId: 'r0', pass: 1, path: '0', seq: 0, docId: 'a&b<1>.txt', script: 'latin', variant: 'one-example', context: 'c', positive: 'p', negative: 'n', status: 'ok',
        usage: paidInFull({ promptTokens: 12, completionTokens: 4, totalTokens: 16 }) },
      { rootId: 'r1', pass: 1, path: '0', seq: 1, docId: 'b.txt', script: 'cjk', variant: 'terse-instruction', context: 'c', positive: 'p', status: 'pending' },
    ]);
  }
  await store.putAnswer(RUN, answer('r0', '0', { answer: 'Because <b>bold</b>.' }));
  await store.putAnswer(RUN, answer('r0', '0.1', { status: 'failed', detail: 'unusable' }));
  await store.putAnswer(RUN, answer('r1', '0', { answer: '因为杀青。' }));
  await store.putExampleTrace(RUN, { setIndex: 0, round: 1, exampleIndex: 0, verdict: 'yes', answer: 'a', judgeAttempts: 1, usage: fromOtherRun });
  return store;
}

describe('buildReportData', () => {
  let store: SqliteRunStore;
  beforeEach(async () => {
    store = await seed();
  });
  afterEach(async () => {
    await store.close();
  });

  it('rebuilds every root with its trees, quota and marks', async () => {
    const data = await buildReportData(store, RUN);
    expect(data.totalRoots).toBe(4);
    expect(data.roots.map((root) => [root.rootId, root.quota, root.kept, root.underQuota, root.error])).toEqual([
      ['r0', 4, 3, true, undefined],
      ['r1', 1, 1, false, undefined],
      ['r2', 2, 0, true, 'root workflow <failed>'],
      ['r3', undefined, 0, false, undefined],
    ]);
    const r0 = data.roots[0]!;
    expect(r0.trees.map((tree) => tree.pass)).toEqual([1, 2]);
    expect([...walkNodes(r0.trees)].map((node) => `${node.path}:${node.mark}`)).toEqual([
      '0:kept',
      '0.1:kept',
      '0.1.1:over-quota',
      '0.1.2:dropped',
      '0.2:duplicate',
      '0:kept',
      '0.1:dropped',
    ]);
    const first = r0.trees[0]!.nodes[0]!;
    expect(first.answer).toEqual({ status: 'ok', text: 'Because <b>bold</b>.' });
    expect(first.children[0]!.answer).toEqual({ status: 'failed' });
    expect(data.roots[1]!.trees[0]!.nodes[0]!.chars).toBe(23);
  });

  it('counts the run: filter, pairs, answers, roots under quota and failed, drops and leaves by reason', async () => {
    const data = await buildReportData(store, RUN);
    expect(data.summary).toMatchObject({
      documents: 2,
      roots: 4,
      rootsDone: 3,
      rootsUnderQuota: 2,
      rootsFailed: 1,
      nodes: 10,
      candidates: 8,
      drops: 2,
      filter: { decided: 8, kept: 4, duplicates: 1, overQuota: 3 },
      pairs: 4,
      answers: { answered: 2, failed: 1 },
      diagnostics: { errors: 0, warnings: 1 },
    });
    expect(data.rootsUnderQuota).toEqual([
      { rootId: 'r0', docId: 'a&b<1>.txt', quota: 4, candidates: 5, kept: 3, passes: 2 },
      { rootId: 'r2', docId: 'a&b<1>.txt', quota: 2, candidates: 0, kept: 0, passes: 1, error: 'root workflow <failed>' },
    ]);
    expect(data.rootsFailed).toEqual([{ rootId: 'r2', docId: 'a&b<1>.txt', error: 'root workflow <failed>' }]);
    expect(data.dropsByReason).toEqual([
      { reason: 'question-too-short', count: 1, usage: dropUsage, example: 'why 0.1.2' },
      { reason: 'unparseable-reply', count: 1, usage: dropUsage, example: 'why 0.1' },
    ]);
    expect(data.leavesByReason).toEqual([
      { reason: 'grounding-guard', count: 1 },
      { reason: 'sub-contexts-at-min-length', count: 1 },
    ]);
  });

  it('charts the granularity of kept pairs beside all candidates, and the scores before and after the filter', async () => {
    const data = await buildReportData(store, RUN);
    expect(data.granularity.depth.series).toEqual(['all candidates', 'kept']);
    expect(data.granularity.depth.totals).toEqual([8, 4]);
    expect(data.granularity.depth.bins.map((bin) => bin.counts)).toEqual([
      [3, 3],
      [4, 1],
      [1, 0],
    ]);
    expect(data.granularity.length.totals).toEqual([8, 4]);
    expect(data.scores!.totals).toEqual([8, 4]);
    expect(data.scores!.bins[0]!.start).toBe(0.15);
    expect(data.scores!.bins.at(-1)!.end).toBe(0.95);
  });

  it('adds tokens per stage from the store, and cost when prices are given', async () => {
    const data = await buildReportData(store, RUN, { prices: { m: { prompt: 1, completion: 2 } } });
    expect(data.stages.map((stage) => [stage.stage, stage.items, stage.usage?.totalTokens])).toEqual([
      ['Context-Split-Tree', 10, 8 * 15 + 2 * 10],
      ['Scorer negatives', 1, 16],
      ['Self-improvement', 1, 30],
      ['Answers', 3, 45],
    ]);
    expect(data.summary.tokens).toEqual({
      promptTokens: 94 + 12 + 20 + 30,
      completionTokens: 46 + 4 + 10 + 15,
      totalTokens: 231,
      // The self-improvement trace came from the cache, paid by another run.
      paid: { promptTokens: 94 + 12 + 30, completionTokens: 46 + 4 + 15, totalTokens: 231 - 30 },
    });
    // Cost counts paid tokens: CST 94 x $1 + 46 x $2, negatives 12 + 2 x 4, answers 30 + 2 x 15 (per million tokens); self-improvement none.
    expect(data.summary.cost).toBeCloseTo((94 + 92 + 20 + 60) / 1e6, 12);
    expect(data.stages.find((stage) => stage.stage === 'Self-improvement')?.cost).toBe(0);
    const unpriced = await buildReportData(store, RUN, { prices: { other: { prompt: 1, completion: 1 }, another: { prompt: 1, completion: 1 } } });
    expect(unpriced.summary.cost).toBeUndefined();
    expect((await buildReportData(store, RUN)).pricesGiven).toBe(false);
  });

  it("prices the run at its budget settings' prices when the report is given none", async () => {
    const budgeted = await seed({ budget: { inputPricePerMillion: 1, outputPricePerMillion: 2 } });
    try {
      const data = await buildReportData(budgeted, RUN);
      expect(data.priceSource).toBe('run budget');
      // Paid tokens only: the self-improvement trace came from the cache.
      expect(data.summary.cost).toBeCloseTo((94 + 92 + 20 + 60) / 1e6, 12);
      expect(renderReport(data)).toContain("the prices of the run's budget settings");
      const given = await buildReportData(budgeted, RUN, { prices: { '*': { prompt: 0, completion: 0 } } });
      expect([given.priceSource, given.summary.cost]).toEqual(['given', 0]);
    } finally {
      await budgeted.close();
    }
  });

  it('caps the roots drawn as trees', async () => {
    const data = await buildReportData(store, RUN, { maxTreeRoots: 2 });
    expect(data.roots.map((root) => root.rootId)).toEqual(['r0', 'r1']);
    expect(data.totalRoots).toBe(4);
    expect(data.summary.candidates).toBe(8);
    const html = renderReport(data);
    expect(html.match(/<details class="root"/g)).toHaveLength(2);
    expect(html).toContain('Showing the first 2 of 4 roots');
  });

  it('says so when the run is not in the store', async () => {
    await expect(buildReportData(store, 'no-such-run')).rejects.toBeInstanceOf(ReportRunNotFoundError);
  });

  it('marks every candidate "not filtered" in a run without the scorer', async () => {
    const plain = await seed({ scorer: false });
    try {
      const data = await buildReportData(plain, RUN);
      expect(new Set([...walkNodes(data.roots.flatMap((root) => root.trees))].map((node) => node.mark))).toEqual(new Set(['unfiltered', 'dropped']));
      expect(data.scores).toBeUndefined();
      expect(data.summary.filter).toBeUndefined();
      expect(data.summary.pairs).toBe(8);
      expect(data.granularity.depth.series).toEqual(['candidates']);
      // Without the scorer a root's candidates meet its quota: only r2 is short.
      expect(data.rootsUnderQuota.map((row) => row.rootId)).toEqual(['r2']);
      const html = renderReport(data);
      expect(html).toContain('The run has no scorer');
      expect(html).not.toContain('id="chart-scores"');
    } finally {
      await plain.close();
    }
  });
});

describe('renderReport', () => {
  let store: SqliteRunStore;
  beforeEach(async () => {
    store = await seed();
  });
  afterEach(async () => {
    await store.close();
  });

  it('escapes every text from the run: a question with <script> stays text', async () => {
    const html = renderReport(await buildReportData(store, RUN));
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('Is this &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; escaped &amp; safe?');
    expect(html).toContain('Because &lt;b&gt;bold&lt;/b&gt;.');
    expect(html).toContain('a&amp;b&lt;1&gt;.txt');
    expect(html).not.toContain('a&b<1>.txt');
    expect(html).toContain('root workflow &lt;failed&gt;');
    // The only script element is the report's own.
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('is one self-contained file: nothing loaded from anywhere', async () => {
    const html = renderReport(await buildReportData(store, RUN));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*"(?!#)/);
    expect(html).not.toMatch(/<link\b|@import|url\(/);
    expect(html.match(/https?:\/\/[^"\s]*/g)).toEqual(['http://www.w3.org/2000/svg', 'http://www.w3.org/2000/svg', 'http://www.w3.org/2000/svg']);
  });

  it('draws one collapsed tree entry per root, nodes sized by context length, and the charts and tables', async () => {
    const data = await buildReportData(store, RUN);
    const html = renderReport(data);
    expect(html).toContain('<title>augcon run report: run-report</title>');
    expect(html.match(/<details class="root"/g)).toHaveLength(4);
    expect(html).not.toMatch(/<details class="root"[^>]* open/);
    // The longest context drawn is the full width; every node's children start hidden.
    expect(html).toContain('style="width:100.0%"');
    expect(html.match(/<ul class="children" role="group" hidden>/g)).toHaveLength(4);
    expect(html.match(/aria-expanded="false"/g)).toHaveLength(4);
    for (const id of ['chart-length', 'chart-depth', 'chart-scores']) expect(html).toContain(`<svg id="${id}"`);
    expect(html).toContain('duplicate of 1/0.1 (ROUGE-L 0.850)');
    expect(html).toContain('question-too-short');
    expect(html).toMatch(/<td class="num">231<\/td>/);
    expect(html).toContain('No prices: give');
  });

  it('renders the same bytes for the same data', async () => {
    const again = await seed();
    try {
      const manifest = parseManifest(JSON.stringify({ timings: { startedAt: '2026-01-02T03:04:05.000Z', finishedAt: '2026-01-02T03:05:00.000Z', durationSeconds: 55 } }));
      const first = renderReport(await buildReportData(store, RUN, { manifest }));
      const second = renderReport(await buildReportData(again, RUN, { manifest }));
      expect(second).toBe(first);
      expect(first).toContain('finished 2026-01-02T03:05:00.000Z');
    } finally {
      await again.close();
    }
  });

  it('shows the manifest numbers it finds and ignores fields it does not know', async () => {
    const manifest = parseManifest(
      JSON.stringify({
        workflowId: 'wf-1',
        timings: 'not an object',
        scorer: { features: 'offline', triples: 30, heldOutTriples: 3, heldOutPairwiseAccuracy: 0.6667 },
        answers: { judgedAccuracy: 0.5, examples: 6, demonstrations: 3 },
        tokens: { promptTokens: 1, completionTokens: 2, totalTokens: 3, paid: { promptTokens: 1, completionTokens: 0, totalTokens: 1 } },
        somethingNew: { x: 1 },
      }),
    );
    expect(manifest.timings).toBeUndefined();
    const html = renderReport(await buildReportData(store, RUN, { manifest }));
    expect(html).toContain('workflow wf-1');
    expect(html).toContain('66.7%');
    expect(html).toContain('manifest.json records 3 tokens, 1 of them paid');
    // The store's rows: 231 tokens, 30 of them a reply the cache had from another run.
    expect(html).toMatch(/tokens paid<\/[a-z]+>\s*<[a-z]+[^>]*>201</);
    expect(html).toMatch(/tokens saved by the cache<\/[a-z]+>\s*<[a-z]+[^>]*>30</);
    expect(() => parseManifest('{oops', 'runs/x/manifest.json')).toThrow(/runs\/x\/manifest.json: not JSON/);
  });
});
