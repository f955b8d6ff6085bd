/**
 * The embedded RunStore: one SQLite file per workspace through Node 24's node:sqlite (nothing to
 * install). WAL mode and a busy timeout let several worker processes on one machine share the file.
 * Writes are upserts on natural keys, so retries and replays never duplicate a row.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type * as NodeSqlite from 'node:sqlite';
import {
  answerFrom,
  candidateFrom,
  decisionFrom,
  diagnosticFrom,
  documentFrom,
  dropFrom,
  num,
  outcomeFrom,
  questionFrom,
  rootRefFrom,
  runFrom,
  str,
  traceFrom,
  cachedResponseFrom,
  cacheStatsFrom,
  tripleFrom,
  versionFrom,
  rootAfterPassFrom,
  usageColumnValues,
  usageFrom,
  ROW_USAGE_COLUMNS,
  USAGE_SUMS,
  type Row,
} from './row-mapping';
import { addUsage, zeroUsage, type TokenUsage } from '../domain/tokens';
import { ROOT_TABLES } from './run-store';
import type {
  CacheStats,
  DatasetVersionRow,
  CachedResponse,
  CandidateRow,
  CorpusCounts,
  DiagnosticRow,
  DocumentRow,
  DropRow,
  OutputCounts,
  FilterDecisionRow,
  RootOutcomeRow,
  RootRef,
  TripleRow,
  RootAfterPass,
  AnswerRow,
  ExampleTraceRow,
  NodeKey,
  QuestionRow,
  RootRow,
  RunRow,
  RunStore,
  Script,
} from './run-store';

// Loaded through getBuiltinModule: Jest's resolver does not know prefix-only built-ins such as node:sqlite.
const { DatabaseSync } = process.getBuiltinModule('node:sqlite');

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  run_name TEXT PRIMARY KEY, config_hash TEXT NOT NULL, settings_json TEXT NOT NULL, created_at TEXT NOT NULL,
  owner_workflow_id TEXT, owner_run_id TEXT);
CREATE TABLE IF NOT EXISTS documents (
  run_name TEXT NOT NULL, doc_id TEXT NOT NULL, source_path TEXT NOT NULL, content_hash TEXT NOT NULL,
  chars INTEGER NOT NULL, script TEXT NOT NULL, PRIMARY KEY (run_name, doc_id));
CREATE TABLE IF NOT EXISTS roots (
  run_name TEXT NOT NULL, root_id TEXT NOT NULL, seq INTEGER NOT NULL, doc_id TEXT NOT NULL, idx INTEGER NOT NULL,
  text TEXT NOT NULL, chars INTEGER NOT NULL, content_hash TEXT NOT NULL, script TEXT NOT NULL,
  length_scale REAL NOT NULL, start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL,
  PRIMARY KEY (run_name, root_id), UNIQUE (run_name, seq));
CREATE TABLE IF NOT EXISTS diagnostics (
  run_name TEXT NOT NULL, seq INTEGER NOT NULL, path TEXT NOT NULL, line INTEGER, severity TEXT NOT NULL,
  code TEXT NOT NULL, message TEXT NOT NULL, PRIMARY KEY (run_name, seq));
CREATE TABLE IF NOT EXISTS candidates (
  run_name TEXT NOT NULL, root_id TEXT NOT NULL, pass INTEGER NOT NULL, path TEXT NOT NULL, doc_id TEXT NOT NULL,
  depth INTEGER NOT NULL, context TEXT NOT NULL, question TEXT NOT NULL, model TEXT NOT NULL,
  prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, total_tokens INTEGER NOT NULL,
  attempts INTEGER NOT NULL, leaf_reason TEXT, grounding1 REAL NOT NULL, grounding2 REAL NOT NULL, created_at TEXT NOT NULL,
  paid_prompt_tokens INTEGER NOT NULL DEFAULT 0, paid_completion_tokens INTEGER NOT NULL DEFAULT 0, paid_total_tokens INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_name, root_id, pass, path));
CREATE TABLE IF NOT EXISTS drops (
  run_name TEXT NOT NULL, root_id TEXT NOT NULL, pass INTEGER NOT NULL, path TEXT NOT NULL, stage TEXT NOT NULL,
  doc_id TEXT NOT NULL, depth INTEGER NOT NULL, context TEXT NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL,
  attempts INTEGER NOT NULL, prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, total_tokens INTEGER NOT NULL,
  created_at TEXT NOT NULL, paid_prompt_tokens INTEGER NOT NULL DEFAULT 0, paid_completion_tokens INTEGER NOT NULL DEFAULT 0, paid_total_tokens INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_name, root_id, pass, path, stage));
CREATE TABLE IF NOT EXISTS root_outcomes (
  run_name TEXT NOT NULL, root_id TEXT NOT NULL, doc_id TEXT NOT NULL, quota INTEGER NOT NULL, candidates INTEGER NOT NULL,
  drops INTEGER NOT NULL, passes INTEGER NOT NULL, nodes INTEGER NOT NULL, error TEXT, PRIMARY KEY (run_name, root_id));
CREATE TABLE IF NOT EXISTS triples (
  run_name TEXT NOT NULL, seq INTEGER NOT NULL, root_id TEXT NOT NULL, pass INTEGER NOT NULL, path TEXT NOT NULL,
  doc_id TEXT NOT NULL, script TEXT NOT NULL, variant TEXT NOT NULL, context TEXT NOT NULL, positive TEXT NOT NULL,
  negative TEXT, status TEXT NOT NULL, detail TEXT,
  prompt_tokens INTEGER NOT NULL DEFAULT 0, completion_tokens INTEGER NOT NULL DEFAULT 0, total_tokens INTEGER NOT NULL DEFAULT 0,
  paid_prompt_tokens INTEGER NOT NULL DEFAULT 0, paid_completion_tokens INTEGER NOT NULL DEFAULT 0, paid_total_tokens INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_name, seq));
CREATE TABLE IF NOT EXISTS filter_decisions (
  run_name TEXT NOT NULL, root_id TEXT NOT NULL, pass INTEGER NOT NULL, path TEXT NOT NULL, score REAL NOT NULL,
  kept INTEGER NOT NULL, rank INTEGER, reason TEXT, duplicate_of TEXT, rouge REAL, PRIMARY KEY (run_name, root_id, pass, path));
CREATE TABLE IF NOT EXISTS example_traces (
  run_name TEXT NOT NULL, set_index INTEGER NOT NULL, round INTEGER NOT NULL, example_index INTEGER NOT NULL,
  verdict TEXT NOT NULL, answer TEXT, reasoning TEXT, detail TEXT, judge_attempts INTEGER NOT NULL,
  prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, total_tokens INTEGER NOT NULL,
  paid_prompt_tokens INTEGER NOT NULL DEFAULT 0, paid_completion_tokens INTEGER NOT NULL DEFAULT 0, paid_total_tokens INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_name, set_index, round, example_index));
CREATE TABLE IF NOT EXISTS artifacts (
  run_name TEXT NOT NULL, name TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (run_name, name));
CREATE TABLE IF NOT EXISTS answers (
  run_name TEXT NOT NULL, root_id TEXT NOT NULL, pass INTEGER NOT NULL, path TEXT NOT NULL, status TEXT NOT NULL,
  answer TEXT, reasoning TEXT, critique_json TEXT, detail TEXT, model TEXT NOT NULL, attempts INTEGER NOT NULL,
  prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, total_tokens INTEGER NOT NULL,
  paid_prompt_tokens INTEGER NOT NULL DEFAULT 0, paid_completion_tokens INTEGER NOT NULL DEFAULT 0, paid_total_tokens INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_name, root_id, pass, path));
CREATE TABLE IF NOT EXISTS llm_cache (
  cache_key TEXT PRIMARY KEY, text TEXT NOT NULL, model TEXT NOT NULL, finish_reason TEXT,
  prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, total_tokens INTEGER NOT NULL, paid_by_run TEXT);
CREATE TABLE IF NOT EXISTS dataset_versions (
  dataset TEXT NOT NULL, version INTEGER NOT NULL, run_name TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL,
  PRIMARY KEY (dataset, version), UNIQUE (dataset, run_name));
CREATE TABLE IF NOT EXISTS llm_cache_stats (
  run_name TEXT PRIMARY KEY, hits INTEGER NOT NULL, misses INTEGER NOT NULL);
`;

/** Questions of the run: kept ones joined with their candidates, or every candidate. */
const QUESTIONS_FILTERED = `SELECT c.root_id, c.pass, c.path, c.doc_id, c.depth, c.context, c.question, f.score, f.rank
  FROM filter_decisions f JOIN candidates c ON c.run_name = f.run_name AND c.root_id = f.root_id AND c.pass = f.pass AND c.path = f.path
  WHERE f.kept = 1`;
const QUESTIONS_ALL = `SELECT c.root_id, c.pass, c.path, c.doc_id, c.depth, c.context, c.question, NULL AS score, NULL AS rank
  FROM candidates c WHERE 1 = 1`;


/** Columns added since the first schema: [table, column, definition]. */
const ADDED_COLUMNS: readonly (readonly [string, string, string])[] = [
  ['runs', 'owner_workflow_id', 'TEXT'],
  ['runs', 'owner_run_id', 'TEXT'],
  ['triples', 'prompt_tokens', 'INTEGER NOT NULL DEFAULT 0'],
  ['triples', 'completion_tokens', 'INTEGER NOT NULL DEFAULT 0'],
  ['triples', 'total_tokens', 'INTEGER NOT NULL DEFAULT 0'],
  ['llm_cache', 'paid_by_run', 'TEXT'],
  // The part of a row's tokens the run paid for: always the last columns (rows are inserted by position).
  ...['candidates', 'drops', 'triples', 'example_traces', 'answers'].flatMap((table) =>
    ROW_USAGE_COLUMNS.slice(3).map((column) => [table, column, 'INTEGER NOT NULL DEFAULT 0'] as const),
  ),
];

/** The paid part of a row's tokens: the last columns of its table. */
const paidValues = (usage: TokenUsage): number[] => usageColumnValues(usage).slice(3);

/** The store's file name inside a worker's data directory. */
export const STORE_FILE = 'augcon.sqlite';

export class SqliteRunStore implements RunStore {
  private readonly db: NodeSqlite.DatabaseSync;

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new DatabaseSync(file);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;');
    this.db.exec(SCHEMA);
    this.addColumns();
  }

  /** A store created before these columns gets them (empty or zero for the rows it has). */
  private addColumns(): void {
    for (const [table, column, definition] of ADDED_COLUMNS) {
      const columns = new Set((this.db.prepare(`PRAGMA table_info(${table})`).all() as Row[]).map((row) => str(row, 'name')));
      if (!columns.has(column)) this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
    }
  }

  private transaction(work: () => void): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      work();
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  async putRun(run: RunRow): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO runs (run_name, config_hash, settings_json, created_at, owner_workflow_id, owner_run_id) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_name) DO UPDATE SET config_hash = excluded.config_hash, settings_json = excluded.settings_json
         WHERE runs.owner_run_id IS excluded.owner_run_id`,
      )
      .run(run.runName, run.configHash, run.settingsJson, run.createdAt, run.owner?.workflowId ?? null, run.owner?.firstExecutionRunId ?? null);
  }

  async getRun(runName: string): Promise<RunRow | undefined> {
    const row = this.db.prepare('SELECT * FROM runs WHERE run_name = ?').get(runName) as Row | undefined;
    return row && runFrom(row);
  }

  async deleteRun(runName: string): Promise<void> {
    const tables = (this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Row[])
      .map((row) => str(row, 'name'))
      .filter((table) => (this.db.prepare(`PRAGMA table_info(${table})`).all() as Row[]).some((column) => str(column, 'name') === 'run_name'));
    this.transaction(() => {
      for (const table of tables) this.db.prepare(`DELETE FROM ${table} WHERE run_name = ?`).run(runName);
      // The cached replies stay; a new run of this name did not pay for them.
      this.db.prepare('UPDATE llm_cache SET paid_by_run = NULL WHERE paid_by_run = ?').run(runName);
    });
  }

  async replaceCorpus(runName: string, corpus: { documents: DocumentRow[]; roots: RootRow[]; diagnostics: DiagnosticRow[] }): Promise<void> {
    this.transaction(() => {
      for (const table of ['documents', 'roots', 'diagnostics']) this.db.prepare(`DELETE FROM ${table} WHERE run_name = ?`).run(runName);
      const insertDocument = this.db.prepare('INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)');
      for (const d of corpus.documents) insertDocument.run(runName, d.docId, d.sourcePath, d.contentHash, d.chars, d.script);
      const insertRoot = this.db.prepare('INSERT INTO roots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      for (const r of corpus.roots) {
        insertRoot.run(runName, r.rootId, r.seq, r.docId, r.index, r.text, r.chars, r.contentHash, r.script, r.lengthScale, r.startOffset, r.endOffset);
      }
      const insertDiagnostic = this.db.prepare('INSERT INTO diagnostics VALUES (?, ?, ?, ?, ?, ?, ?)');
      corpus.diagnostics.forEach((g, seq) => insertDiagnostic.run(runName, seq, g.path, g.line ?? null, g.severity, g.code, g.message));
    });
  }

  async listRootRefs(runName: string, afterSeq: number, limit: number): Promise<RootRef[]> {
    const rows = this.db
      .prepare('SELECT root_id, seq, doc_id, idx, chars, script, length_scale FROM roots WHERE run_name = ? AND seq > ? ORDER BY seq LIMIT ?')
      .all(runName, afterSeq, limit) as Row[];
    return rows.map(rootRefFrom);
  }

  async listRootsAfterPass(runName: string, passes: number, afterSeq: number, limit: number): Promise<RootAfterPass[]> {
    const rows = this.db
      .prepare(
        `SELECT r.root_id, r.seq, r.doc_id, r.idx, r.chars, r.script, r.length_scale,
                o.quota, o.candidates, o.drops, o.passes, o.nodes,
                CAST((SELECT COUNT(*) FROM filter_decisions f WHERE f.run_name = r.run_name AND f.root_id = r.root_id AND f.kept = 1) AS INTEGER) AS kept
         FROM roots r JOIN root_outcomes o ON o.run_name = r.run_name AND o.root_id = r.root_id
         WHERE r.run_name = ? AND r.seq > ? AND o.error IS NULL AND o.passes = ?
         ORDER BY r.seq LIMIT ?`,
      )
      .all(runName, afterSeq, passes, limit) as Row[];
    return rows.map(rootAfterPassFrom);
  }

  async listRootRefsWithPass(runName: string, pass: number, afterSeq: number, limit: number): Promise<RootRef[]> {
    const rows = this.db
      .prepare(
        `SELECT r.root_id, r.seq, r.doc_id, r.idx, r.chars, r.script, r.length_scale
         FROM roots r JOIN root_outcomes o ON o.run_name = r.run_name AND o.root_id = r.root_id
         WHERE r.run_name = ? AND r.seq > ? AND o.passes >= ? ORDER BY r.seq LIMIT ?`,
      )
      .all(runName, afterSeq, pass, limit) as Row[];
    return rows.map(rootRefFrom);
  }

  async getRoot(runName: string, rootId: string): Promise<RootRow | undefined> {
    const row = this.db.prepare('SELECT * FROM roots WHERE run_name = ? AND root_id = ?').get(runName, rootId) as Row | undefined;
    return row && {
      rootId,
      seq: num(row, 'seq'),
      docId: str(row, 'doc_id'),
      index: num(row, 'idx'),
      text: str(row, 'text'),
      chars: num(row, 'chars'),
      contentHash: str(row, 'content_hash'),
      script: str(row, 'script') as Script,
      lengthScale: num(row, 'length_scale'),
      startOffset: num(row, 'start_offset'),
      endOffset: num(row, 'end_offset'),
    };
  }

  async putCandidate(runName: string, c: CandidateRow): Promise<void> {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO candidates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(runName, c.rootId, c.pass, c.path, c.docId, c.depth, c.context, c.question, c.model, c.usage.promptTokens, c.usage.completionTokens,
        c.usage.totalTokens, c.attempts, c.leafReason ?? null, c.grounding[0], c.grounding[1], c.createdAt, ...paidValues(c.usage));
  }

  async putDrop(runName: string, d: DropRow): Promise<void> {
    this.db
      .prepare(`INSERT OR REPLACE INTO drops VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(runName, d.rootId, d.pass, d.path, d.stage, d.docId, d.depth, d.context, d.reason, d.detail, d.attempts, d.usage.promptTokens,
        d.usage.completionTokens, d.usage.totalTokens, d.createdAt, ...paidValues(d.usage));
  }

  async putRootOutcome(runName: string, o: RootOutcomeRow): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO root_outcomes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(runName, o.rootId, o.docId, o.quota, o.candidates, o.drops, o.passes, o.nodes, o.error ?? null);
  }

  async listRootOutcomes(runName: string): Promise<RootOutcomeRow[]> {
    const rows = this.db
      .prepare(
        `SELECT o.* FROM root_outcomes o JOIN roots r ON r.run_name = o.run_name AND r.root_id = o.root_id
         WHERE o.run_name = ? ORDER BY r.seq`,
      )
      .all(runName) as Row[];
    return rows.map(outcomeFrom);
  }

  async replaceTriples(runName: string, triples: TripleRow[]): Promise<void> {
    this.transaction(() => {
      this.db.prepare('DELETE FROM triples WHERE run_name = ?').run(runName);
      const insert = this.db.prepare('INSERT INTO triples VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      for (const t of triples) {
        const usage = t.usage ?? zeroUsage();
        insert.run(
          runName, t.seq, t.rootId, t.pass, t.path, t.docId, t.script, t.variant, t.context, t.positive, t.negative ?? null, t.status, t.detail ?? null,
          ...usageColumnValues(usage),
        );
      }
    });
  }

  async getTriple(runName: string, seq: number): Promise<TripleRow | undefined> {
    const row = this.db.prepare('SELECT * FROM triples WHERE run_name = ? AND seq = ?').get(runName, seq) as Row | undefined;
    return row && tripleFrom(row);
  }

  async completeTriple(runName: string, seq: number, outcome: { negative?: string; status: 'ok' | 'failed'; detail?: string; usage?: TokenUsage }): Promise<void> {
    const assignments = ROW_USAGE_COLUMNS.map((column) => `${column} = ?`).join(', ');
    this.db
      .prepare(`UPDATE triples SET negative = ?, status = ?, detail = ?, ${assignments} WHERE run_name = ? AND seq = ?`)
      .run(outcome.negative ?? null, outcome.status, outcome.detail ?? null, ...usageColumnValues(outcome.usage ?? zeroUsage()), runName, seq);
  }

  async listTriples(runName: string): Promise<TripleRow[]> {
    return (this.db.prepare('SELECT * FROM triples WHERE run_name = ? ORDER BY seq').all(runName) as Row[]).map((row) => tripleFrom(row));
  }

  async listRootCandidates(runName: string, rootId: string): Promise<CandidateRow[]> {
    return this.listCandidates(runName, rootId);
  }

  async replaceFilterDecisions(runName: string, rootId: string, decisions: FilterDecisionRow[]): Promise<void> {
    this.transaction(() => {
      this.db.prepare('DELETE FROM filter_decisions WHERE run_name = ? AND root_id = ?').run(runName, rootId);
      const insert = this.db.prepare('INSERT INTO filter_decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      for (const d of decisions) {
        insert.run(runName, d.rootId, d.pass, d.path, d.score, d.kept ? 1 : 0, d.rank ?? null, d.reason ?? null, d.duplicateOf ?? null, d.rouge ?? null);
      }
    });
  }

  async listFilterDecisions(runName: string): Promise<(FilterDecisionRow & { docId: string })[]> {
    const rows = this.db
      .prepare(
        `SELECT f.*, r.doc_id FROM filter_decisions f JOIN roots r ON r.run_name = f.run_name AND r.root_id = f.root_id
         WHERE f.run_name = ? ORDER BY r.seq, f.pass, f.path`,
      )
      .all(runName) as Row[];
    return rows.map(decisionFrom);
  }

  async corpusScripts(runName: string): Promise<Record<Script, number>> {
    const counts: Record<Script, number> = { cjk: 0, latin: 0 };
    for (const row of this.db.prepare('SELECT script, COUNT(*) AS n FROM roots WHERE run_name = ? GROUP BY script').all(runName) as Row[]) {
      counts[str(row, 'script') as Script] = num(row, 'n');
    }
    return counts;
  }

  async listQuestions(runName: string, rootId: string, filtered: boolean): Promise<QuestionRow[]> {
    const alias = filtered ? 'f' : 'c';
    const order = filtered ? 'f.rank' : 'c.pass, c.path';
    const rows = this.db
      .prepare(`${filtered ? QUESTIONS_FILTERED : QUESTIONS_ALL} AND ${alias}.run_name = ? AND ${alias}.root_id = ? ORDER BY ${order}`)
      .all(runName, rootId) as Row[];
    return rows.map(questionFrom);
  }

  async putExampleTrace(runName: string, t: ExampleTraceRow): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO example_traces VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(runName, t.setIndex, t.round, t.exampleIndex, t.verdict, t.answer ?? null, t.reasoning ?? null, t.detail ?? null, t.judgeAttempts,
        ...usageColumnValues(t.usage));
  }

  async getExampleTrace(runName: string, key: Pick<ExampleTraceRow, 'setIndex' | 'round' | 'exampleIndex'>): Promise<ExampleTraceRow | undefined> {
    const row = this.db
      .prepare('SELECT * FROM example_traces WHERE run_name = ? AND set_index = ? AND round = ? AND example_index = ?')
      .get(runName, key.setIndex, key.round, key.exampleIndex) as Row | undefined;
    return row && traceFrom(row);
  }

  async listExampleTraces(runName: string): Promise<ExampleTraceRow[]> {
    const rows = this.db.prepare('SELECT * FROM example_traces WHERE run_name = ? ORDER BY set_index, round, example_index').all(runName) as Row[];
    return rows.map((row) => traceFrom(row));
  }

  async putArtifact(runName: string, name: string, json: string): Promise<void> {
    this.db.prepare('INSERT OR REPLACE INTO artifacts VALUES (?, ?, ?)').run(runName, name, json);
  }

  async getArtifact(runName: string, name: string): Promise<string | undefined> {
    const row = this.db.prepare('SELECT json FROM artifacts WHERE run_name = ? AND name = ?').get(runName, name) as Row | undefined;
    return row && str(row, 'json');
  }

  async putAnswer(runName: string, a: AnswerRow): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(runName, a.rootId, a.pass, a.path, a.status, a.answer ?? null, a.reasoning ?? null, a.critique ? JSON.stringify(a.critique) : null,
        a.detail ?? null, a.model, a.attempts, ...usageColumnValues(a.usage));
  }

  async getAnswer(runName: string, key: NodeKey): Promise<AnswerRow | undefined> {
    const row = this.db
      .prepare('SELECT * FROM answers WHERE run_name = ? AND root_id = ? AND pass = ? AND path = ?')
      .get(runName, key.rootId, key.pass, key.path) as Row | undefined;
    return row && answerFrom(row);
  }

  async listAnswers(runName: string, filtered: boolean): Promise<(QuestionRow & { answer: AnswerRow })[]> {
    const alias = filtered ? 'f' : 'c';
    const withinRoot = filtered ? 'f.rank' : 'c.pass, c.path';
    const questions = this.db
      .prepare(
        `${filtered ? QUESTIONS_FILTERED : QUESTIONS_ALL} AND ${alias}.run_name = ?
         AND EXISTS (SELECT 1 FROM answers a WHERE a.run_name = c.run_name AND a.root_id = c.root_id AND a.pass = c.pass AND a.path = c.path)
         ORDER BY (SELECT r.seq FROM roots r WHERE r.run_name = c.run_name AND r.root_id = c.root_id), ${withinRoot}`,
      )
      .all(runName) as Row[];
    const answers = new Map(
      (this.db.prepare('SELECT * FROM answers WHERE run_name = ?').all(runName) as Row[]).map((row) => {
        const answer = answerFrom(row);
        return [`${answer.rootId}/${answer.pass}/${answer.path}`, answer] as const;
      }),
    );
    return questions.map((row) => {
      const question = questionFrom(row);
      return { ...question, answer: answers.get(`${question.rootId}/${question.pass}/${question.path}`)! };
    });
  }

  async getCachedResponse(key: string): Promise<CachedResponse | undefined> {
    const row = this.db.prepare('SELECT * FROM llm_cache WHERE cache_key = ?').get(key) as Row | undefined;
    return row && cachedResponseFrom(row);
  }

  async putCachedResponse(key: string, r: CachedResponse): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO llm_cache VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(key, r.text, r.model, r.finishReason ?? null, r.usage.promptTokens, r.usage.completionTokens, r.usage.totalTokens, r.paidByRun ?? null);
  }

  async countCacheUse(runName: string, hit: boolean): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO llm_cache_stats (run_name, hits, misses) VALUES (?, ?, ?)
         ON CONFLICT (run_name) DO UPDATE SET hits = hits + excluded.hits, misses = misses + excluded.misses`,
      )
      .run(runName, hit ? 1 : 0, hit ? 0 : 1);
  }

  async cacheStats(runName: string): Promise<CacheStats> {
    const row = this.db.prepare('SELECT hits, misses FROM llm_cache_stats WHERE run_name = ?').get(runName) as Row | undefined;
    return row ? cacheStatsFrom(row) : { hits: 0, misses: 0 };
  }

  async registerVersion(dataset: string, runName: string, createdAt: string): Promise<DatasetVersionRow> {
    this.transaction(() => {
      const existing = this.db.prepare('SELECT 1 FROM dataset_versions WHERE dataset = ? AND run_name = ?').get(dataset, runName);
      if (existing) return;
      this.db
        .prepare(
          `INSERT INTO dataset_versions
           SELECT ?, COALESCE(MAX(version), 0) + 1, ?, 'running', ? FROM dataset_versions WHERE dataset = ?`,
        )
        .run(dataset, runName, createdAt, dataset);
    });
    const row = this.db.prepare('SELECT * FROM dataset_versions WHERE dataset = ? AND run_name = ?').get(dataset, runName) as Row;
    return versionFrom(row);
  }

  async completeVersion(dataset: string, runName: string): Promise<void> {
    this.db.prepare("UPDATE dataset_versions SET status = 'completed' WHERE dataset = ? AND run_name = ?").run(dataset, runName);
  }

  async listVersions(dataset: string): Promise<DatasetVersionRow[]> {
    return (this.db.prepare('SELECT * FROM dataset_versions WHERE dataset = ? ORDER BY version').all(dataset) as Row[]).map(versionFrom);
  }

  async unchangedRoots(fromRun: string, toRun: string): Promise<string[]> {
    const rows = this.db
      .prepare(
        `SELECT t.root_id FROM roots t JOIN roots f ON f.run_name = ? AND f.root_id = t.root_id AND f.content_hash = t.content_hash
         WHERE t.run_name = ? ORDER BY t.seq`,
      )
      .all(fromRun, toRun) as Row[];
    return rows.map((row) => str(row, 'root_id'));
  }

  async carryForwardRoots(fromRun: string, toRun: string, rootIds: readonly string[]): Promise<void> {
    this.transaction(() => {
      for (let start = 0; start < rootIds.length; start += 500) {
        const chunk = rootIds.slice(start, start + 500);
        const marks = chunk.map(() => '?').join(', ');
        for (const table of ROOT_TABLES) {
          this.db.prepare(`DELETE FROM ${table} WHERE run_name = ? AND root_id IN (${marks})`).run(toRun, ...chunk);
          const columns = this.columnsAfterRunName(table);
          this.db
            .prepare(`INSERT INTO ${table} SELECT ?, ${columns} FROM ${table} WHERE run_name = ? AND root_id IN (${marks})`)
            .run(toRun, fromRun, ...chunk);
        }
      }
    });
  }

  async carryForwardArtifacts(fromRun: string, toRun: string, names: readonly string[]): Promise<void> {
    this.transaction(() => {
      for (const name of names) {
        this.db.prepare('INSERT OR REPLACE INTO artifacts SELECT ?, name, json FROM artifacts WHERE run_name = ? AND name = ?').run(toRun, fromRun, name);
      }
      this.db.prepare('DELETE FROM example_traces WHERE run_name = ?').run(toRun);
      this.db.prepare(`INSERT INTO example_traces SELECT ?, ${this.columnsAfterRunName('example_traces')} FROM example_traces WHERE run_name = ?`).run(toRun, fromRun);
    });
  }

  async listPendingRoots(runName: string, afterSeq: number, limit: number): Promise<RootRef[]> {
    const rows = this.db
      .prepare(
        `SELECT r.root_id, r.seq, r.doc_id, r.idx, r.chars, r.script, r.length_scale FROM roots r
         WHERE r.run_name = ? AND r.seq > ?
           AND NOT EXISTS (SELECT 1 FROM root_outcomes o WHERE o.run_name = r.run_name AND o.root_id = r.root_id)
         ORDER BY r.seq LIMIT ?`,
      )
      .all(runName, afterSeq, limit) as Row[];
    return rows.map(rootRefFrom);
  }

  /** The table's columns after run_name (always its first), in table order. */
  private columnsAfterRunName(table: string): string {
    const columns = (this.db.prepare(`PRAGMA table_info(${table})`).all() as Row[]).map((row) => str(row, 'name'));
    if (columns[0] !== 'run_name') throw new Error(`table ${table} does not start with run_name`);
    return columns.slice(1).join(', ');
  }

  async listDocuments(runName: string): Promise<DocumentRow[]> {
    const rows = this.db.prepare('SELECT * FROM documents WHERE run_name = ? ORDER BY doc_id').all(runName) as Row[];
    return rows.map(documentFrom);
  }

  async listDiagnostics(runName: string): Promise<DiagnosticRow[]> {
    const rows = this.db.prepare('SELECT * FROM diagnostics WHERE run_name = ? ORDER BY seq').all(runName) as Row[];
    return rows.map(diagnosticFrom);
  }

  async listCandidates(runName: string, rootId?: string): Promise<CandidateRow[]> {
    const rows = (
      rootId === undefined
        ? this.db
            .prepare(
              `SELECT c.* FROM candidates c JOIN roots r ON r.run_name = c.run_name AND r.root_id = c.root_id
               WHERE c.run_name = ? ORDER BY r.seq, c.pass, c.path`,
            )
            .all(runName)
        : this.db.prepare('SELECT * FROM candidates WHERE run_name = ? AND root_id = ? ORDER BY pass, path').all(runName, rootId)
    ) as Row[];
    return rows.map(candidateFrom);
  }

  async listDrops(runName: string): Promise<DropRow[]> {
    const rows = this.db
      .prepare(
        `SELECT d.* FROM drops d JOIN roots r ON r.run_name = d.run_name AND r.root_id = d.root_id
         WHERE d.run_name = ? ORDER BY r.seq, d.pass, d.path, d.stage`,
      )
      .all(runName) as Row[];
    return rows.map(dropFrom);
  }

  async corpusCounts(runName: string): Promise<CorpusCounts> {
    const one = (sql: string): Row => this.db.prepare(sql).get(runName) as Row;
    const roots = one('SELECT COUNT(*) AS n, COALESCE(SUM(chars), 0) AS chars FROM roots WHERE run_name = ?');
    return {
      documents: num(one('SELECT COUNT(*) AS n FROM documents WHERE run_name = ?'), 'n'),
      roots: num(roots, 'n'),
      rootChars: num(roots, 'chars'),
      diagnostics: {
        errors: num(one(`SELECT COUNT(*) AS n FROM diagnostics WHERE run_name = ? AND severity = 'error'`), 'n'),
        warnings: num(one(`SELECT COUNT(*) AS n FROM diagnostics WHERE run_name = ? AND severity = 'warning'`), 'n'),
      },
    };
  }

  async outputCounts(runName: string): Promise<OutputCounts> {
    const grouped = (sql: string): Record<string, number> =>
      Object.fromEntries((this.db.prepare(sql).all(runName) as Row[]).map((row) => [str(row, 'k'), num(row, 'n')]));
    const sums = (table: string): Row => this.db.prepare(`SELECT COUNT(*) AS n, ${USAGE_SUMS} FROM ${table} WHERE run_name = ?`).get(runName) as Row;
    const candidates = sums('candidates');
    const drops = sums('drops');
    return {
      candidates: num(candidates, 'n'),
      drops: num(drops, 'n'),
      dropsByReason: grouped('SELECT reason AS k, COUNT(*) AS n FROM drops WHERE run_name = ? GROUP BY reason ORDER BY reason'),
      leavesByReason: grouped(
        'SELECT leaf_reason AS k, COUNT(*) AS n FROM candidates WHERE run_name = ? AND leaf_reason IS NOT NULL GROUP BY leaf_reason ORDER BY leaf_reason',
      ),
      candidatesByDepth: grouped('SELECT depth AS k, COUNT(*) AS n FROM candidates WHERE run_name = ? GROUP BY depth ORDER BY depth'),
      usage: addUsage(usageFrom(candidates), usageFrom(drops)),
    };
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}
