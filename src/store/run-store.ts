/**
 * Everything a run produces and reads back goes through this interface, so workers on several
 * machines can share one store (issue: scale out) and the run directory's files are exports of it.
 * Every write is keyed by a natural key and is an upsert: a retried activity leaves exactly one row.
 */
import type { AnswerCritique } from '../domain/answer/stored';
import type { TokenCount, TokenUsage } from '../domain/tokens';

export type Script = 'cjk' | 'latin';

export interface DocumentRow {
  docId: string;
  sourcePath: string;
  contentHash: string;
  chars: number;
  script: Script;
}

export interface RootRow {
  rootId: string;
  /** Position of the root in the run (0-based, ordered by document then index): the paging cursor. */
  seq: number;
  docId: string;
  index: number;
  text: string;
  chars: number;
  contentHash: string;
  script: Script;
  lengthScale: number;
  startOffset: number;
  endOffset: number;
}

/** A root without its text: what the run workflow pages through. */
export type RootRef = Omit<RootRow, 'text' | 'startOffset' | 'endOffset' | 'contentHash'>;

export interface DiagnosticRow {
  path: string;
  line?: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

export interface NodeKey {
  rootId: string;
  pass: number;
  /** "0" for the root node, "0.1" / "0.2" for its sub-contexts, and so on. */
  path: string;
}

export interface CandidateRow extends NodeKey {
  docId: string;
  depth: number;
  context: string;
  question: string;
  model: string;
  usage: TokenUsage;
  /** LLM samples this node took (1 + parse retries). */
  attempts: number;
  /** Why the node has no children, when it has none. */
  leafReason?: string;
  grounding: [number, number];
  createdAt: string;
}

export interface DropRow extends NodeKey {
  docId: string;
  depth: number;
  context: string;
  stage: 'cst';
  reason: string;
  detail: string;
  attempts: number;
  usage: TokenUsage;
  createdAt: string;
}

/** What became of one root after its CST passes (written by the root workflow). */
export interface RootOutcomeRow {
  rootId: string;
  docId: string;
  quota: number;
  candidates: number;
  drops: number;
  passes: number;
  nodes: number;
  /** Set when the root's workflow failed; its finished nodes stay in the store. */
  error?: string;
}

/** A root the next CST pass expands again, with what its earlier passes produced. */
export interface UnderQuotaRoot extends RootRef {
  outcome: RootOutcomeRow;
}

/** A root after a CST pass: its outcome and how many of its questions the filter kept (the quota rule, src/domain/quota.ts, decides). */
export interface RootAfterPass extends UnderQuotaRoot {
  kept: number;
}

/** The weakened prompts of SPEC stage 2, a third of the triples each. */
export type NegativeVariant = 'terse-instruction' | 'one-example' | 'terse-one-example';

/** One contrastive training triple: a CST candidate (the positive) and a question from a weakened prompt. */
export interface TripleRow extends NodeKey {
  seq: number;
  docId: string;
  script: Script;
  variant: NegativeVariant;
  context: string;
  positive: string;
  /** Set once the negative call answered. */
  negative?: string;
  status: 'pending' | 'ok' | 'failed';
  detail?: string;
  /** Tokens paid for the negative's reply (zero while pending, or when another run paid for it). */
  usage?: TokenUsage;
}

/** What the filter decided for one candidate. */
export interface FilterDecisionRow extends NodeKey {
  score: number;
  kept: boolean;
  rank?: number;
  reason?: 'duplicate' | 'over-quota';
  /** "<pass>/<path>" of the kept question it duplicates. */
  duplicateOf?: string;
  rouge?: number;
}

/** One run of the answer program on a human example during self-improvement, and the judge's verdict. */
export interface ExampleTraceRow {
  setIndex: number;
  round: number;
  exampleIndex: number;
  /** "failed": the answer or the judge never gave a usable reply (the detail says which). */
  verdict: 'yes' | 'no' | 'failed';
  answer?: string;
  reasoning?: string;
  detail?: string;
  judgeAttempts: number;
  usage: TokenUsage;
}

/** A question to answer: a kept question (or, without the scorer, a candidate) with its node context. */
export interface QuestionRow extends NodeKey {
  docId: string;
  depth: number;
  context: string;
  question: string;
  /** Absent without the scorer. */
  score?: number;
  rank?: number;
}

/** The answer to one question; the reasoning and critique are provenance, never training data. */
export interface AnswerRow extends NodeKey {
  status: 'ok' | 'failed';
  answer?: string;
  reasoning?: string;
  /** Present when the critique-and-revise round ran. */
  critique?: AnswerCritique;
  detail?: string;
  model: string;
  attempts: number;
  usage: TokenUsage;
}

/** One LLM reply in the response cache shared by every run (keyed by model, messages, parameters and seed). */
export interface CachedResponse {
  text: string;
  model: string;
  usage: TokenCount;
  finishReason?: string;
  /** The run whose call paid for the reply: its own retries are charged once, other runs' hits are saved. */
  paidByRun?: string;
}

/** How often a run's LLM calls were answered from the cache (what hits saved is in the rows' `paid` tokens). */
export interface CacheStats {
  hits: number;
  misses: number;
  /** Prompt tokens of the calls made (answered misses), and of them those the provider served from its prompt cache. */
  promptTokensSent: number;
  providerCachedPromptTokens: number;
}

/** One LLM call of a run: answered from the response cache, or made (with its prompt tokens once answered). */
export type CacheUse = { hit: true } | { hit: false; promptTokens?: number; cachedPromptTokens?: number };

/** One version of a named dataset: one run. */
export interface DatasetVersionRow {
  dataset: string;
  version: number;
  runName: string;
  status: 'running' | 'completed';
  createdAt: string;
}

/** The tables whose rows belong to roots, copied when a refresh carries an unchanged root forward. */
export const ROOT_TABLES = ['candidates', 'drops', 'root_outcomes', 'filter_decisions', 'answers'] as const;

/**
 * The workflow execution a run name belongs to: the first execution's run id stays the same across
 * activity retries, continue-as-new, workflow retries and resets, so it tells a retried ingest of the
 * same run from another run reusing the name.
 */
export interface RunOwner {
  workflowId: string;
  firstExecutionRunId: string;
}

export interface RunRow {
  runName: string;
  configHash: string;
  settingsJson: string;
  createdAt: string;
  /** Absent in runs stored before owners were recorded (and in rows written without one). */
  owner?: RunOwner;
}

export interface CorpusCounts {
  documents: number;
  roots: number;
  rootChars: number;
  diagnostics: { errors: number; warnings: number };
}

export interface OutputCounts {
  candidates: number;
  drops: number;
  dropsByReason: Record<string, number>;
  leavesByReason: Record<string, number>;
  usage: TokenUsage;
  candidatesByDepth: Record<string, number>;
}

/** The run row (claimed once), its deletion, and its named JSON artifacts. */
export interface RunRecordStore {
  /**
   * Creates the run's row, or updates its settings when the row has the same owner (or, both, none);
   * a row another execution owns is left as it is, so two runs claiming one name at once cannot both
   * win (claimRun reads the row back to learn which did). Keeps the creation time.
   */
  putRun(run: RunRow): Promise<void>;
  getRun(runName: string): Promise<RunRow | undefined>;
  /**
   * Deletes every row keyed by the run name, in one transaction: the run, its corpus, candidates,
   * drops, outcomes, triples, decisions, traces, artifacts, answers, cache counts and its dataset
   * version row (a version must not name rows that are gone: a later refresh would carry forward from
   * nothing; the run that takes the name over registers again as the dataset's newest version).
   * The LLM response cache is shared by every run and stays. Deleting an unknown run does nothing.
   */
  deleteRun(runName: string): Promise<void>;
  /** A named JSON document of the run (resolved examples and principles, chosen demonstrations). */
  putArtifact(runName: string, name: string, json: string): Promise<void>;
  getArtifact(runName: string, name: string): Promise<string | undefined>;
}

/** Stage 0: the run's documents, roots and ingest diagnostics, and the roots still to expand. */
export interface CorpusStore {
  /** Replaces the run's documents, roots and ingest diagnostics in one transaction. */
  replaceCorpus(runName: string, corpus: { documents: DocumentRow[]; roots: RootRow[]; diagnostics: DiagnosticRow[] }): Promise<void>;
  listRootRefs(runName: string, afterSeq: number, limit: number): Promise<RootRef[]>;
  getRoot(runName: string, rootId: string): Promise<RootRow | undefined>;
  /** Roots of the run without an outcome yet (not carried forward, not expanded), by sequence. */
  listPendingRoots(runName: string, afterSeq: number, limit: number): Promise<RootRef[]>;
  listDocuments(runName: string): Promise<DocumentRow[]>;
  listDiagnostics(runName: string): Promise<DiagnosticRow[]>;
  corpusCounts(runName: string): Promise<CorpusCounts>;
  /** Roots by script: the answer stage speaks the corpus's main language. */
  corpusScripts(runName: string): Promise<Record<Script, number>>;
}

/** Stage 1: CST candidates, drops and each root's outcome, and the roots after a pass. */
export interface CstStore {
  /**
   * Roots that finished exactly `passes` CST passes without error, with their outcome and kept-question
   * count, ordered by sequence: the candidates for the next pass (the caller applies the quota rule).
   */
  listRootsAfterPass(runName: string, passes: number, afterSeq: number, limit: number): Promise<RootAfterPass[]>;
  /** Roots that ran CST pass `pass` (their outcome counts at least that many passes): the ones to filter again. */
  listRootRefsWithPass(runName: string, pass: number, afterSeq: number, limit: number): Promise<RootRef[]>;
  putCandidate(runName: string, row: CandidateRow): Promise<void>;
  putDrop(runName: string, row: DropRow): Promise<void>;
  putRootOutcome(runName: string, outcome: RootOutcomeRow): Promise<void>;
  /** Ordered by root sequence. */
  listRootOutcomes(runName: string): Promise<RootOutcomeRow[]>;
  /** Candidates of one root, ordered by pass and path. */
  listRootCandidates(runName: string, rootId: string): Promise<CandidateRow[]>;
  /** Ordered by root sequence, pass, then node path, so exports are byte-stable. */
  listCandidates(runName: string): Promise<CandidateRow[]>;
  listDrops(runName: string): Promise<DropRow[]>;
}

/** Stage 2: contrastive triples with their negatives, and the filter's decisions. */
export interface ScorerStore {
  /** Replaces the run's planned triples. */
  replaceTriples(runName: string, triples: TripleRow[]): Promise<void>;
  getTriple(runName: string, seq: number): Promise<TripleRow | undefined>;
  completeTriple(runName: string, seq: number, outcome: { negative?: string; status: 'ok' | 'failed'; detail?: string; usage?: TokenUsage }): Promise<void>;
  listTriples(runName: string): Promise<TripleRow[]>;
  /** Replaces the filter decisions of one root. */
  replaceFilterDecisions(runName: string, rootId: string, decisions: FilterDecisionRow[]): Promise<void>;
  /** Ordered by root sequence, pass, path. */
  listFilterDecisions(runName: string): Promise<(FilterDecisionRow & { docId: string })[]>;
}

/** Stage 3: the questions to answer, self-improvement's example traces, the answers, and the output counts. */
export interface AnswerStore {
  /**
   * The questions of one root to answer, ordered by rank (by pass and path without the scorer):
   * the kept ones when the run filtered (`filtered`), every candidate otherwise.
   */
  listQuestions(runName: string, rootId: string, filtered: boolean): Promise<QuestionRow[]>;
  putExampleTrace(runName: string, row: ExampleTraceRow): Promise<void>;
  getExampleTrace(runName: string, key: Pick<ExampleTraceRow, 'setIndex' | 'round' | 'exampleIndex'>): Promise<ExampleTraceRow | undefined>;
  /** Ordered by set, round, example. */
  listExampleTraces(runName: string): Promise<ExampleTraceRow[]>;
  putAnswer(runName: string, row: AnswerRow): Promise<void>;
  getAnswer(runName: string, key: NodeKey): Promise<AnswerRow | undefined>;
  /** Every answered question with its answer, ordered by root sequence then rank (pass and path without the scorer). */
  listAnswers(runName: string, filtered: boolean): Promise<(QuestionRow & { answer: AnswerRow })[]>;
  outputCounts(runName: string): Promise<OutputCounts>;
}

/** Dataset versions and what a new version carries forward from the last. */
export interface VersionStore {
  /**
   * Registers `runName` as the next version of `dataset` (idempotent: a retried call returns the
   * version already given to the run).
   */
  registerVersion(dataset: string, runName: string, createdAt: string): Promise<DatasetVersionRow>;
  completeVersion(dataset: string, runName: string): Promise<void>;
  /** Versions of a dataset, oldest first. */
  listVersions(dataset: string): Promise<DatasetVersionRow[]>;
  /** Roots of `toRun` whose id and content hash are the same in `fromRun` (ordered by sequence). */
  unchangedRoots(fromRun: string, toRun: string): Promise<string[]>;
  /**
   * Copies everything `fromRun` produced for these roots (ROOT_TABLES) into `toRun`, replacing what
   * `toRun` had for them: the roots are then done in `toRun` without a single LLM call.
   */
  carryForwardRoots(fromRun: string, toRun: string, rootIds: readonly string[]): Promise<void>;
  /** Copies the named artifacts and the example traces of `fromRun` into `toRun`. */
  carryForwardArtifacts(fromRun: string, toRun: string, names: readonly string[]): Promise<void>;
}

/** The LLM response cache shared by every run, and each run's hits and misses. */
export interface ResponseCacheStore {
  /** The LLM response cache: shared across runs, so a rerun with identical settings pays nothing twice. */
  getCachedResponse(key: string): Promise<CachedResponse | undefined>;
  putCachedResponse(key: string, response: CachedResponse): Promise<void>;
  /** Counts one LLM call of a run as a cache hit or miss, with a miss's prompt tokens (an atomic increment). */
  countCacheUse(runName: string, use: CacheUse): Promise<void>;
  cacheStats(runName: string): Promise<CacheStats>;
}

/** Where a run's request for the Batch API stands (src/llm/batch-deferral.ts, src/activities/batch-activities.ts). */
export type BatchRequestState = 'queued' | 'submitted' | 'done' | 'direct';

/** A request queued for a batch: its response cache key and its ChatRequest's decisive fields as JSON. */
export interface BatchRequestRow {
  key: string;
  body: string;
}

export type BatchCounts = Record<BatchRequestState, number> & { batches: number };

export interface BatchStore {
  /**
   * Queues a batch-mode run's request for its next batch (once per key: asking again changes nothing)
   * and says what the call does: wait for a batch, or, when a batch failed or expired it, go to the
   * endpoint directly.
   */
  deferBatchRequest(runName: string, key: string, body: string): Promise<'queued' | 'direct'>;
  /**
   * Puts every queued request of the run that is in no batch yet into `batch` and returns all of the
   * batch's requests, ordered by key: a retry after a crash gets the same set, and no request is in two batches.
   */
  claimBatchRequests(runName: string, batch: string): Promise<BatchRequestRow[]>;
  /** The requests `claimBatchRequests` put into `batch`, ordered by key. */
  listBatchRequests(runName: string, batch: string): Promise<BatchRequestRow[]>;
  /** Marks a batch's requests done (their replies are in the response cache) or direct (the next attempt calls the endpoint). */
  settleBatchRequests(runName: string, keys: readonly string[], state: 'done' | 'direct'): Promise<void>;
  /** The run's batch requests by state and the batches they went into, for its manifest. */
  batchRequestCounts(runName: string): Promise<BatchCounts>;
}

/** Everything a run keeps, stage by stage: one implementation per database (SQLite, PostgreSQL), held to the same results by test/store/run-store-conformance.ts. */
export interface RunStore extends RunRecordStore, CorpusStore, CstStore, ScorerStore, AnswerStore, VersionStore, ResponseCacheStore, BatchStore {
  close(): Promise<void>;
}
