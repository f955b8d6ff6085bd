/**
 * Everything the run report shows, read from the run store (and, when there is one, the run's
 * manifest.json): per root its Context-Split-Trees with each node's mark, the granularity of the
 * kept pairs, the scores before and after the filter, roots under quota, drops by reason, tokens and
 * cost per stage. No Temporal and no LLM: works on a finished run and on one still in progress.
 */
import { measureQuality } from '../domain/quality';
import { readStoredSettings } from '../domain/run-input';
import { guardCounts } from '../quality/guard-counts';
import { listQualityPairs } from '../quality/run-pairs';
import { readDroppedChars } from '../ingest/dropped-artifact';
import { sumUsage, zeroUsage, type TokenUsage } from '../domain/tokens';
import { countFilterMarks, isUnderQuota, keptCountByRoot, quotaSupply } from '../domain/quota';
import type { RootRef, RunStore } from '../store/run-store';
import { buildRootTrees, type NodeCandidate, type NodeDecision, type NodeDrop } from './cst-tree';
import { integerHistogram, lengthHistogram, scoreHistogram } from './histogram';
import { codePoints, compareStrings } from './html';
import type { ReportManifest } from './manifest';
import { costOf, priceFor, type PriceTable } from './pricing';
import type { ReasonRow, ReportData, RootReport, StageRow, UnderQuotaRow } from './report-model';

/** The store methods the report reads. */
export type ReportStore = Pick<
  RunStore,
  | 'getRun'
  | 'listRootRefs'
  | 'listRootOutcomes'
  | 'listCandidates'
  | 'listDrops'
  | 'listFilterDecisions'
  | 'listAnswers'
  | 'listExampleTraces'
  | 'listTriples'
  | 'corpusCounts'
  | 'getRoot'
  | 'getArtifact'
>;

/** Roots drawn as trees by default; the charts and tables always cover every root. */
export const DEFAULT_MAX_TREE_ROOTS = 200;

export interface ReportOptions {
  /** The run's manifest.json, parsed (absent while the run is in progress). */
  manifest?: ReportManifest;
  /** Prices per model: the report then shows cost beside tokens. */
  prices?: PriceTable;
  /** @default 200 */
  maxTreeRoots?: number;
}

export class ReportRunNotFoundError extends Error {
  override name = 'ReportRunNotFoundError';
}

const ROOT_PAGE = 1000;

async function listAllRoots(store: ReportStore, runName: string): Promise<RootRef[]> {
  const roots: RootRef[] = [];
  for (let after = -1; ; ) {
    const page = await store.listRootRefs(runName, after, ROOT_PAGE);
    roots.push(...page);
    if (page.length < ROOT_PAGE) return roots;
    after = page.at(-1)!.seq;
  }
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const name = key(row);
    let group = groups.get(name);
    if (!group) groups.set(name, (group = []));
    group.push(row);
  }
  return groups;
}

/** Cost of rows that each name a model (or none: the run's default model); undefined when one has no price. */
function costOfRows(prices: PriceTable | undefined, rows: Iterable<{ model?: string; usage: TokenUsage }>, defaultModel: string | undefined): number | undefined {
  if (!prices) return undefined;
  let total = 0;
  for (const row of rows) {
    const price = priceFor(prices, row.model ?? defaultModel);
    if (!price) return undefined;
    total += costOf(row.usage.paid, price);
  }
  return total;
}

export async function buildReportData(store: ReportStore, runName: string, options: ReportOptions = {}): Promise<ReportData> {
  const run = await store.getRun(runName);
  if (!run) throw new ReportRunNotFoundError(`run ${runName} is not in the store`);
  const settings = readStoredSettings(runName, run.settingsJson);
  const filtered = settings.scorer.enabled;
  const maxTreeRoots = options.maxTreeRoots ?? DEFAULT_MAX_TREE_ROOTS;
  const { manifest } = options;
  // Prices given to the report win; else the prices the run's budget was configured with.
  const budget = settings.budget;
  const budgetPrices = budget.inputPricePerMillion > 0 || budget.outputPricePerMillion > 0 ? { '*': { prompt: budget.inputPricePerMillion, completion: budget.outputPricePerMillion } } : undefined;
  const prices = options.prices ?? budgetPrices;
  const priceSource: ReportData['priceSource'] = options.prices ? 'given' : budgetPrices ? 'run budget' : undefined;

  const [roots, outcomes, candidates, drops, decisions, answers, traces, corpus] = await Promise.all([
    listAllRoots(store, runName),
    store.listRootOutcomes(runName),
    store.listCandidates(runName),
    store.listDrops(runName),
    filtered ? store.listFilterDecisions(runName) : Promise.resolve([]),
    store.listAnswers(runName, filtered),
    store.listExampleTraces(runName),
    store.corpusCounts(runName),
  ]);
  const triples = filtered ? await store.listTriples(runName) : [];

  const candidatesByRoot = groupBy(candidates, (row) => row.rootId);
  const dropsByRoot = groupBy(drops, (row) => row.rootId);
  const decisionsByRoot = groupBy(decisions, (row) => row.rootId);
  const answersByRoot = groupBy(answers, (row) => row.rootId);
  const outcomeByRoot = new Map(outcomes.map((outcome) => [outcome.rootId, outcome]));
  const keptByRoot = keptCountByRoot(decisions);
  const underQuota = (outcome: { rootId: string; candidates: number; quota: number }) =>
    isUnderQuota(quotaSupply({ candidates: outcome.candidates, kept: keptByRoot.get(outcome.rootId) }, filtered), outcome.quota);

  const rootReports: RootReport[] = roots.slice(0, maxTreeRoots).map((root) => {
    const outcome = outcomeByRoot.get(root.rootId);
    const rootCandidates: NodeCandidate[] = candidatesByRoot.get(root.rootId) ?? [];
    const rootDrops: NodeDrop[] = dropsByRoot.get(root.rootId) ?? [];
    const rootDecisions: NodeDecision[] = decisionsByRoot.get(root.rootId) ?? [];
    const rootAnswers = new Map((answersByRoot.get(root.rootId) ?? []).map((row) => [`${row.pass}/${row.path}`, { status: row.answer.status, ...(row.answer.answer !== undefined ? { answer: row.answer.answer } : {}) }]));
    return {
      rootId: root.rootId,
      seq: root.seq,
      docId: root.docId,
      index: root.index,
      chars: root.chars,
      ...(outcome ? { quota: outcome.quota, passes: outcome.passes } : {}),
      candidates: rootCandidates.length,
      drops: rootDrops.length,
      ...(filtered ? { kept: keptByRoot.get(root.rootId) ?? 0 } : {}),
      underQuota: outcome !== undefined && underQuota(outcome),
      ...(outcome?.error !== undefined ? { error: outcome.error } : {}),
      trees: buildRootTrees({ candidates: rootCandidates, drops: rootDrops, decisions: rootDecisions, answers: rootAnswers }),
    };
  });

  // Granularity: the pairs that go on to the answer stage, beside every candidate.
  const candidateByKey = new Map(candidates.map((candidate) => [`${candidate.rootId}/${candidate.pass}/${candidate.path}`, candidate]));
  const kept = decisions.filter((decision) => decision.kept).flatMap((decision) => candidateByKey.get(`${decision.rootId}/${decision.pass}/${decision.path}`) ?? []);
  const pairs = filtered ? kept : candidates;
  const allLengths = candidates.map((candidate) => codePoints(candidate.context));
  const allDepths = candidates.map((candidate) => candidate.depth);
  const granularity = filtered
    ? {
        length: lengthHistogram([
          { name: 'all candidates', values: allLengths },
          { name: 'kept', values: kept.map((candidate) => codePoints(candidate.context)) },
        ]),
        depth: integerHistogram([
          { name: 'all candidates', values: allDepths },
          { name: 'kept', values: kept.map((candidate) => candidate.depth) },
        ]),
      }
    : { length: lengthHistogram([{ name: 'candidates', values: allLengths }]), depth: integerHistogram([{ name: 'candidates', values: allDepths }]) };
  const scores =
    filtered && decisions.length > 0
      ? scoreHistogram([
          { name: 'all candidates', values: decisions.map((decision) => decision.score) },
          { name: 'kept', values: decisions.filter((decision) => decision.kept).map((decision) => decision.score) },
        ])
      : undefined;

  const rootsUnderQuota: UnderQuotaRow[] = outcomes
    .filter(underQuota)
    .map((outcome) => ({
      rootId: outcome.rootId,
      docId: outcome.docId,
      quota: outcome.quota,
      candidates: outcome.candidates,
      ...(filtered ? { kept: keptByRoot.get(outcome.rootId) ?? 0 } : {}),
      passes: outcome.passes,
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
    }));
  const rootsFailed = outcomes.flatMap((outcome) => (outcome.error !== undefined ? [{ rootId: outcome.rootId, docId: outcome.docId, error: outcome.error }] : []));

  const dropsByReason: ReasonRow[] = [...groupBy(drops, (drop) => drop.reason).entries()]
    .map(([reason, rows]) => ({ reason, count: rows.length, usage: sumUsage(rows.map((row) => row.usage)), ...(rows[0]!.detail ? { example: rows[0]!.detail } : {}) }))
    .sort((a, b) => b.count - a.count || compareStrings(a.reason, b.reason));
  const leavesByReason = [...groupBy(candidates.filter((candidate) => candidate.leafReason !== undefined), (candidate) => candidate.leafReason!).entries()]
    .map(([reason, rows]) => ({ reason, count: rows.length }))
    .sort((a, b) => b.count - a.count || compareStrings(a.reason, b.reason));

  const count = (rows: readonly { reason: string; count: number }[]) => Object.fromEntries(rows.map((row) => [row.reason, row.count]));
  const guards = guardCounts({ dropsByReason: count(dropsByReason), leavesByReason: count(leavesByReason) });
  const quality = measureQuality(await listQualityPairs(store, runName));
  const droppedChars = await readDroppedChars(store, runName);

  // Tokens and cost per stage, from the rows the store keeps.
  const models = [...new Set([...candidates.map((row) => row.model), ...answers.map((row) => row.answer.model)].filter((model) => model.length > 0))].sort(compareStrings);
  const defaultModel = manifest?.llm?.configuredModel ?? (models.length === 1 ? models[0] : undefined);
  const cstRows = [...candidates.map((row) => ({ model: row.model, usage: row.usage })), ...drops.map((row) => ({ usage: row.usage }))];
  const answerRows = answers.map((row) => ({ model: row.answer.model, usage: row.answer.usage }));
  const traceRows = traces.map((row) => ({ usage: row.usage }));
  const stage = (name: string, unit: string, items: number, rows: { model?: string; usage: TokenUsage }[], note?: string): StageRow => {
    const cost = costOfRows(prices, rows, defaultModel);
    return { stage: name, unit, items, usage: sumUsage(rows.map((row) => row.usage)), ...(cost !== undefined ? { cost } : {}), ...(note ? { note } : {}) };
  };
  const stages: StageRow[] = [stage('Context-Split-Tree', 'nodes', candidates.length + drops.length, cstRows, 'every sample, parse retries and dropped nodes included')];
  if (filtered) {
    const asked = triples.filter((triple) => triple.status !== 'pending');
    const negativeRows = asked.map((triple) => ({ usage: triple.usage ?? zeroUsage() }));
    stages.push(stage('Scorer negatives', 'triples', asked.length, negativeRows, 'one weakened-prompt call per triple; none when the scorer was reused'));
  }
  if (traces.length > 0) stages.push(stage('Self-improvement', 'example traces', traces.length, traceRows, 'answer program and judge on the human examples'));
  if (answers.length > 0 || traces.length > 0) stages.push(stage('Answers', 'answers', answers.length, answerRows));
  const tokens = sumUsage(stages.flatMap((row) => (row.usage ? [row.usage] : [])));
  const priced = stages.filter((row) => row.usage !== undefined);
  const cost = prices && priced.every((row) => row.cost !== undefined) ? priced.reduce((sum, row) => sum + row.cost!, 0) : undefined;

  const answeredOk = answers.filter((row) => row.answer.status === 'ok').length;
  const filterCounts = filtered
    ? { decided: decisions.length, ...countFilterMarks(decisions) }
    : undefined;

  return {
    runName,
    createdAt: run.createdAt,
    configHash: run.configHash,
    settings: {
      seed: settings.seed,
      scorer: filtered,
      maxPasses: settings.cst.maxPasses,
      charsPerPair: settings.cst.charsPerPair,
      rootMaxChars: settings.roots.rootMaxChars,
      minChars: settings.cst.minChars,
    },
    ...(manifest ? { manifest: manifestPart(manifest) } : {}),
    models,
    summary: {
      documents: corpus.documents,
      roots: corpus.roots,
      rootChars: corpus.rootChars,
      diagnostics: corpus.diagnostics,
      rootsDone: outcomes.length,
      rootsUnderQuota: rootsUnderQuota.length,
      rootsFailed: rootsFailed.length,
      nodes: candidates.length + drops.length,
      candidates: candidates.length,
      drops: drops.length,
      ...(filterCounts ? { filter: filterCounts } : {}),
      pairs: pairs.length,
      answers: { answered: answeredOk, failed: answers.length - answeredOk },
      tokens,
      ...(cost !== undefined ? { cost } : {}),
    },
    roots: rootReports,
    totalRoots: roots.length,
    maxTreeRoots,
    granularity,
    ...(scores ? { scores } : {}),
    rootsUnderQuota,
    rootsFailed,
    dropsByReason,
    leavesByReason,
    quality,
    guards,
    droppedChars,
    stages,
    pricesGiven: prices !== undefined,
    ...(priceSource ? { priceSource } : {}),
  };
}

function manifestPart(manifest: ReportManifest): NonNullable<ReportData['manifest']> {
  const { timings, llm, scorer, answers, llmCache: cache, tokens, tokensByStage, workflowId } = manifest;
  return {
    ...(workflowId !== undefined ? { workflowId } : {}),
    ...(timings ? { startedAt: timings.startedAt, finishedAt: timings.finishedAt, durationSeconds: timings.durationSeconds } : {}),
    ...(llm ? { modelsSeen: llm.modelsSeen } : {}),
    ...(scorer ? { heldOutAccuracy: scorer.heldOutPairwiseAccuracy, heldOutTriples: scorer.heldOutTriples, triples: scorer.triples, features: scorer.features } : {}),
    ...(answers ? { judgedAccuracy: answers.judgedAccuracy } : {}),
    ...(cache ? { cache } : {}),
    ...(tokens ? { tokens } : {}),
    ...(tokensByStage ? { tokensByStage } : {}),
  };
}
