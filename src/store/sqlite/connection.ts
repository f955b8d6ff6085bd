/**
 * The SQLite connection of the embedded RunStore: the file (WAL mode and a busy timeout, so several
 * worker processes on one machine share it), the schema, and BEGIN IMMEDIATE transactions. The
 * stage files beside it (runs, corpus, cst, scorer, answers, versions, cache) run their SQL on it.
 */
import type { TokenUsage } from '../../domain/tokens';
import { ROW_USAGE_COLUMNS, type Row, str, usageColumnValues } from '../row-mapping';
import { mkdirSync } from 'node:fs';
import type * as NodeSqlite from 'node:sqlite';
import { dirname } from 'node:path';

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
CREATE TABLE IF NOT EXISTS batch_requests (
  run_name TEXT NOT NULL, cache_key TEXT NOT NULL, body TEXT NOT NULL, state TEXT NOT NULL, batch TEXT,
  PRIMARY KEY (run_name, cache_key));
CREATE TABLE IF NOT EXISTS llm_cache_stats (
  run_name TEXT PRIMARY KEY, hits INTEGER NOT NULL, misses INTEGER NOT NULL,
  prompt_tokens INTEGER NOT NULL DEFAULT 0, cached_prompt_tokens INTEGER NOT NULL DEFAULT 0);
`;

/** Questions of the run: kept ones joined with their candidates, or every candidate. */
export const QUESTIONS_FILTERED = `SELECT c.root_id, c.pass, c.path, c.doc_id, c.depth, c.context, c.question, f.score, f.rank
  FROM filter_decisions f JOIN candidates c ON c.run_name = f.run_name AND c.root_id = f.root_id AND c.pass = f.pass AND c.path = f.path
  WHERE f.kept = 1`;
export const QUESTIONS_ALL = `SELECT c.root_id, c.pass, c.path, c.doc_id, c.depth, c.context, c.question, NULL AS score, NULL AS rank
  FROM candidates c WHERE 1 = 1`;


/** Columns added since the first schema: [table, column, definition]. */
const ADDED_COLUMNS: readonly (readonly [string, string, string])[] = [
  ['runs', 'owner_workflow_id', 'TEXT'],
  ['runs', 'owner_run_id', 'TEXT'],
  ['triples', 'prompt_tokens', 'INTEGER NOT NULL DEFAULT 0'],
  ['triples', 'completion_tokens', 'INTEGER NOT NULL DEFAULT 0'],
  ['triples', 'total_tokens', 'INTEGER NOT NULL DEFAULT 0'],
  ['llm_cache', 'paid_by_run', 'TEXT'],
  ['llm_cache_stats', 'prompt_tokens', 'INTEGER NOT NULL DEFAULT 0'],
  ['llm_cache_stats', 'cached_prompt_tokens', 'INTEGER NOT NULL DEFAULT 0'],
  // The part of a row's tokens the run paid for: always the last columns (rows are inserted by position).
  ...['candidates', 'drops', 'triples', 'example_traces', 'answers'].flatMap((table) =>
    ROW_USAGE_COLUMNS.slice(3).map((column) => [table, column, 'INTEGER NOT NULL DEFAULT 0'] as const),
  ),
];

/** The paid part of a row's tokens: the last columns of its table. */
export const paidValues = (usage: TokenUsage): number[] => usageColumnValues(usage).slice(3);

export class SqliteConnection {
  readonly db: NodeSqlite.DatabaseSync;

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

  transaction(work: () => void): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      work();
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** The table's columns after run_name (always its first), in table order. */
  columnsAfterRunName(table: string): string {
    const columns = (this.db.prepare(`PRAGMA table_info(${table})`).all() as Row[]).map((row) => str(row, 'name'));
    if (columns[0] !== 'run_name') throw new Error(`table ${table} does not start with run_name`);
    return columns.slice(1).join(', ');
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}
