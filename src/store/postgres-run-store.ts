/**
 * The shared RunStore: PostgreSQL, for workers on several machines (one Temporal task queue, one
 * database). The embedded SQLite store stays the default; one setting, AUGCON_STORE_URL, selects this
 * one (a postgres:// URL). Same tables and natural keys as the SQLite store, and the same results for
 * the same calls (test/store/run-store-conformance.ts holds both to that).
 *
 * Concurrent workers and retries: every write is `INSERT ... ON CONFLICT (natural key) DO UPDATE`, and
 * the replace* methods delete and re-insert in one transaction that first takes an advisory lock on
 * what it replaces, so two workers running the same activity attempt leave exactly one copy.
 * Text keys are `COLLATE "C"`: byte order, as SQLite's ORDER BY, whatever the database's locale.
 */
import { Pool, type PoolClient } from 'pg';
import { addUsage, zeroUsage, type TokenCount, type TokenUsage } from '../domain/tokens';
import type {
  AnswerRow,
  CacheStats,
  DatasetVersionRow,
  CachedResponse,
  CandidateRow,
  CorpusCounts,
  DiagnosticRow,
  DocumentRow,
  DropRow,
  ExampleTraceRow,
  FilterDecisionRow,
  NodeKey,
  OutputCounts,
  QuestionRow,
  RootOutcomeRow,
  RootRef,
  RootRow,
  RunRow,
  RunStore,
  Script,
  TripleRow,
  RootAfterPass,
} from './run-store';
import { ROOT_TABLES } from './run-store';
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

type ColumnType = 'key' | 'text' | 'integer' | 'bigint' | 'real' | 'boolean';

/** A table: its columns in order (nullable ones marked), its natural key, and columns an upsert keeps. */
interface TableSpec {
  columns: readonly (readonly [name: string, type: ColumnType, nullable?: 'null'])[];
  key: readonly string[];
  unique?: readonly string[];
  keepOnConflict?: readonly string[];
}

const SQL_TYPES: Record<ColumnType, string> = {
  key: 'TEXT COLLATE "C"',
  text: 'TEXT',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  real: 'DOUBLE PRECISION',
  boolean: 'BOOLEAN',
};
const ARRAY_TYPES: Record<ColumnType, string> = {
  key: 'text[]',
  text: 'text[]',
  integer: 'integer[]',
  bigint: 'bigint[]',
  real: 'double precision[]',
  boolean: 'boolean[]',
};

const NODE_KEY = [
  ['run_name', 'key'],
  ['root_id', 'key'],
  ['pass', 'integer'],
  ['path', 'key'],
] as const;
/** A reply's tokens (llm_cache). */
const TOKENS = [
  ['prompt_tokens', 'bigint'],
  ['completion_tokens', 'bigint'],
  ['total_tokens', 'bigint'],
] as const;
/** A row's tokens and the part of them the run paid for (row-mapping.ts ROW_USAGE_COLUMNS). */
const USAGE = ROW_USAGE_COLUMNS.map((column) => [column, 'bigint'] as const);

const TABLES = {
  runs: {
    columns: [
      ['run_name', 'key'], ['config_hash', 'text'], ['settings_json', 'text'], ['created_at', 'text'], ['owner_workflow_id', 'text', 'null'],
      ['owner_run_id', 'text', 'null'],
    ],
    key: ['run_name'],
    keepOnConflict: ['created_at', 'owner_workflow_id', 'owner_run_id'],
  },
  documents: {
    columns: [['run_name', 'key'], ['doc_id', 'key'], ['source_path', 'text'], ['content_hash', 'text'], ['chars', 'integer'], ['script', 'key']],
    key: ['run_name', 'doc_id'],
  },
  roots: {
    columns: [
      ['run_name', 'key'], ['root_id', 'key'], ['seq', 'integer'], ['doc_id', 'key'], ['idx', 'integer'], ['text', 'text'], ['chars', 'integer'],
      ['content_hash', 'text'], ['script', 'key'], ['length_scale', 'real'], ['start_offset', 'integer'], ['end_offset', 'integer'],
    ],
    key: ['run_name', 'root_id'],
    unique: ['run_name', 'seq'],
  },
  diagnostics: {
    columns: [
      ['run_name', 'key'], ['seq', 'integer'], ['path', 'text'], ['line', 'integer', 'null'], ['severity', 'key'], ['code', 'text'], ['message', 'text'],
    ],
    key: ['run_name', 'seq'],
  },
  candidates: {
    columns: [
      ...NODE_KEY, ['doc_id', 'key'], ['depth', 'integer'], ['context', 'text'], ['question', 'text'], ['model', 'text'], ...USAGE,
      ['attempts', 'integer'], ['leaf_reason', 'key', 'null'], ['grounding1', 'real'], ['grounding2', 'real'], ['created_at', 'text'],
    ],
    key: ['run_name', 'root_id', 'pass', 'path'],
  },
  drops: {
    columns: [
      ...NODE_KEY, ['stage', 'key'], ['doc_id', 'key'], ['depth', 'integer'], ['context', 'text'], ['reason', 'key'], ['detail', 'text'],
      ['attempts', 'integer'], ...USAGE, ['created_at', 'text'],
    ],
    key: ['run_name', 'root_id', 'pass', 'path', 'stage'],
  },
  root_outcomes: {
    columns: [
      ['run_name', 'key'], ['root_id', 'key'], ['doc_id', 'key'], ['quota', 'integer'], ['candidates', 'integer'], ['drops', 'integer'],
      ['passes', 'integer'], ['nodes', 'integer'], ['error', 'text', 'null'],
    ],
    key: ['run_name', 'root_id'],
  },
  triples: {
    columns: [
      ['run_name', 'key'], ['seq', 'integer'], ['root_id', 'key'], ['pass', 'integer'], ['path', 'key'], ['doc_id', 'key'], ['script', 'key'],
      ['variant', 'key'], ['context', 'text'], ['positive', 'text'], ['negative', 'text', 'null'], ['status', 'key'], ['detail', 'text', 'null'],
      ...USAGE,
    ],
    key: ['run_name', 'seq'],
  },
  filter_decisions: {
    columns: [
      ...NODE_KEY, ['score', 'real'], ['kept', 'boolean'], ['rank', 'integer', 'null'], ['reason', 'key', 'null'], ['duplicate_of', 'key', 'null'],
      ['rouge', 'real', 'null'],
    ],
    key: ['run_name', 'root_id', 'pass', 'path'],
  },
  example_traces: {
    columns: [
      ['run_name', 'key'], ['set_index', 'integer'], ['round', 'integer'], ['example_index', 'integer'], ['verdict', 'key'], ['answer', 'text', 'null'],
      ['reasoning', 'text', 'null'], ['detail', 'text', 'null'], ['judge_attempts', 'integer'], ...USAGE,
    ],
    key: ['run_name', 'set_index', 'round', 'example_index'],
  },
  artifacts: {
    columns: [['run_name', 'key'], ['name', 'key'], ['json', 'text']],
    key: ['run_name', 'name'],
  },
  llm_cache: {
    columns: [['cache_key', 'key'], ['text', 'text'], ['model', 'text'], ['finish_reason', 'text', 'null'], ...TOKENS, ['paid_by_run', 'text', 'null']],
    key: ['cache_key'],
  },
  dataset_versions: {
    columns: [['dataset', 'key'], ['version', 'integer'], ['run_name', 'key'], ['status', 'key'], ['created_at', 'text']],
    key: ['dataset', 'version'],
    unique: ['dataset', 'run_name'],
  },
  llm_cache_stats: {
    columns: [['run_name', 'key'], ['hits', 'bigint'], ['misses', 'bigint']],
    key: ['run_name'],
  },
  answers: {
    columns: [
      ...NODE_KEY, ['status', 'key'], ['answer', 'text', 'null'], ['reasoning', 'text', 'null'], ['critique_json', 'text', 'null'],
      ['detail', 'text', 'null'], ['model', 'text'], ['attempts', 'integer'], ...USAGE,
    ],
    key: ['run_name', 'root_id', 'pass', 'path'],
  },
} satisfies Record<string, TableSpec>;

type TableName = keyof typeof TABLES;
type Values = Record<string, unknown>;

const createTableSql = (name: string, spec: TableSpec): string => {
  const columns = spec.columns.map(([column, type, nullable]) => `${column} ${SQL_TYPES[type]}${nullable ? '' : ' NOT NULL'}`);
  const constraints = [`PRIMARY KEY (${spec.key.join(', ')})`, ...(spec.unique ? [`UNIQUE (${spec.unique.join(', ')})`] : [])];
  return `CREATE TABLE IF NOT EXISTS ${name} (${[...columns, ...constraints].join(', ')});`;
};

const PAID_TABLES = ['candidates', 'drops', 'triples', 'example_traces', 'answers'] as const;
const PAID_COLUMNS = ROW_USAGE_COLUMNS.slice(3);

/** Columns added since the first schema: a store created before them gets them (empty or zero). */
const ADDED_COLUMNS_SQL = `ALTER TABLE runs ADD COLUMN IF NOT EXISTS owner_workflow_id TEXT;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS owner_run_id TEXT;
ALTER TABLE triples ADD COLUMN IF NOT EXISTS prompt_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE triples ADD COLUMN IF NOT EXISTS completion_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE triples ADD COLUMN IF NOT EXISTS total_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE llm_cache ADD COLUMN IF NOT EXISTS paid_by_run TEXT;
${PAID_TABLES.map((table) => PAID_COLUMNS.map((column) => `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} BIGINT NOT NULL DEFAULT 0;`).join('\n')).join('\n')}`;

const SCHEMA_SQL = [...Object.entries(TABLES).map(([name, spec]) => createTableSql(name, spec)), ADDED_COLUMNS_SQL].join('\n');

/** Every table with rows of one run (all but the shared response cache). */
const RUN_TABLES = Object.entries(TABLES as Record<string, TableSpec>)
  .filter(([, spec]) => spec.columns.some(([column]) => column === 'run_name'))
  .map(([name]) => name);

const onConflictSql = (spec: TableSpec): string => {
  const updated = spec.columns.map(([column]) => column).filter((column) => !spec.key.includes(column) && !spec.keepOnConflict?.includes(column));
  return `ON CONFLICT (${spec.key.join(', ')}) DO UPDATE SET ${updated.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}`;
};

/** One row: `INSERT ... VALUES ($1, ...) ON CONFLICT (key) DO UPDATE`. */
const UPSERT_SQL = Object.fromEntries(
  Object.entries(TABLES).map(([name, spec]: [string, TableSpec]) => {
    const placeholders = spec.columns.map((_, index) => `$${index + 1}`);
    const columns = spec.columns.map(([column]) => column);
    return [name, `INSERT INTO ${name} (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) ${onConflictSql(spec)}`];
  }),
) as Record<TableName, string>;

/** Many rows in one statement: one array parameter per column, zipped by unnest. */
const BULK_UPSERT_SQL = Object.fromEntries(
  Object.entries(TABLES).map(([name, spec]: [string, TableSpec]) => {
    const arrays = spec.columns.map(([, type], index) => `$${index + 1}::${ARRAY_TYPES[type]}`);
    const columns = spec.columns.map(([column]) => column);
    return [name, `INSERT INTO ${name} (${columns.join(', ')}) SELECT * FROM unnest(${arrays.join(', ')}) ${onConflictSql(spec)}`];
  }),
) as Record<TableName, string>;

/** The values of one row in column order; a missing column is a programming error, not a NULL. */
const orderedValues = (table: TableName, values: Values): unknown[] =>
  (TABLES[table] as TableSpec).columns.map(([column]) => {
    if (!(column in values)) throw new Error(`PostgresRunStore: no value for ${table}.${column}`);
    return values[column] ?? null;
  });

/** Advisory lock class ids ("augc" and the next): schema creation, and replace* of one scope. */
const SCHEMA_LOCK = 0x61756763;
const REPLACE_LOCK = SCHEMA_LOCK + 1;

const usageValues = (usage: TokenUsage): Values => {
  const values = usageColumnValues(usage);
  return Object.fromEntries(ROW_USAGE_COLUMNS.map((column, i) => [column, values[i]]));
};

const tokenValues = (tokens: TokenCount): Values => ({
  prompt_tokens: tokens.promptTokens,
  completion_tokens: tokens.completionTokens,
  total_tokens: tokens.totalTokens,
});


/** Questions of the run: kept ones joined with their candidates, or every candidate. */
const QUESTIONS_FILTERED = `SELECT c.root_id, c.pass, c.path, c.doc_id, c.depth, c.context, c.question, f.score, f.rank
  FROM filter_decisions f JOIN candidates c ON c.run_name = f.run_name AND c.root_id = f.root_id AND c.pass = f.pass AND c.path = f.path
  WHERE f.kept`;
const QUESTIONS_ALL = `SELECT c.root_id, c.pass, c.path, c.doc_id, c.depth, c.context, c.question,
  NULL::double precision AS score, NULL::integer AS rank
  FROM candidates c WHERE TRUE`;
/** SQLite sorts NULL first; PostgreSQL last unless told. */
const RANK_ORDER = 'f.rank NULLS FIRST';

/** A lower-case SQL identifier: the schema goes into search_path unquoted. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresRunStoreOptions {
  /**
   * The schema (search_path) holding the tables, created if missing. Lets tests isolate themselves.
   * @default the connection's default search_path (normally "public")
   */
  schema?: string;
}

export class PostgresRunStore implements RunStore {
  private constructor(private readonly pool: Pool) {}

  /** Connects and creates the tables if missing (serialized across workers by an advisory lock). */
  static async open(url: string, options: PostgresRunStoreOptions = {}): Promise<PostgresRunStore> {
    const { schema } = options;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
      throw new Error(`PostgresRunStore: schema must match ${String(SCHEMA_NAME)}, got ${JSON.stringify(schema)}`);
    }
    const pool = new Pool({ connectionString: url, ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }) });
    // A pooled connection that dies while idle is dropped by the pool; the next query opens a new one.
    pool.on('error', () => undefined);
    const store = new PostgresRunStore(pool);
    try {
      await store.transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1, 0)', [SCHEMA_LOCK]);
        if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await client.query(SCHEMA_SQL);
      });
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  /** BEGIN ... COMMIT on one pooled client; ROLLBACK on error (a client that cannot roll back is discarded). */
  private async transaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Inside a replace* transaction: waits for any other replacement of the same scope to commit. */
  private async lockScope(client: PoolClient, ...scope: string[]): Promise<void> {
    await client.query(`SELECT pg_advisory_xact_lock($1, hashtext(coalesce(current_schema()::text, '') || '/' || $2::text))`, [REPLACE_LOCK, JSON.stringify(scope)]);
  }

  private async upsert(table: TableName, values: Values): Promise<void> {
    await this.pool.query(UPSERT_SQL[table], orderedValues(table, values));
  }

  private async bulkUpsert(client: PoolClient, table: TableName, rows: Values[]): Promise<void> {
    if (rows.length === 0) return;
    const ordered = rows.map((row) => orderedValues(table, row));
    const columns = (TABLES[table] as TableSpec).columns.map((_, index) => ordered.map((row) => row[index]));
    await client.query(BULK_UPSERT_SQL[table], columns);
  }

  private async rows(sql: string, params: unknown[]): Promise<Row[]> {
    return (await this.pool.query<Row>(sql, params)).rows;
  }

  private async row(sql: string, params: unknown[]): Promise<Row | undefined> {
    return (await this.rows(sql, params))[0];
  }

  async putRun(run: RunRow): Promise<void> {
    // The generic upsert, except that a row another execution owns is left alone.
    await this.pool.query(
      `${UPSERT_SQL.runs} WHERE runs.owner_run_id IS NOT DISTINCT FROM EXCLUDED.owner_run_id`,
      orderedValues('runs', {
        run_name: run.runName,
        config_hash: run.configHash,
        settings_json: run.settingsJson,
        created_at: run.createdAt,
        owner_workflow_id: run.owner?.workflowId,
        owner_run_id: run.owner?.firstExecutionRunId,
      }),
    );
  }

  async getRun(runName: string): Promise<RunRow | undefined> {
    const row = await this.row('SELECT * FROM runs WHERE run_name = $1', [runName]);
    return row && runFrom(row);
  }

  async deleteRun(runName: string): Promise<void> {
    await this.transaction(async (client) => {
      // Waits for a replaceCorpus of the run in flight, so none lands after the delete.
      await this.lockScope(client, 'corpus', runName);
      for (const table of RUN_TABLES) await client.query(`DELETE FROM ${table} WHERE run_name = $1`, [runName]);
      // The cached replies stay; a new run of this name did not pay for them.
      await client.query('UPDATE llm_cache SET paid_by_run = NULL WHERE paid_by_run = $1', [runName]);
    });
  }

  async replaceCorpus(runName: string, corpus: { documents: DocumentRow[]; roots: RootRow[]; diagnostics: DiagnosticRow[] }): Promise<void> {
    await this.transaction(async (client) => {
      await this.lockScope(client, 'corpus', runName);
      for (const table of ['documents', 'roots', 'diagnostics']) await client.query(`DELETE FROM ${table} WHERE run_name = $1`, [runName]);
      await this.bulkUpsert(
        client,
        'documents',
        corpus.documents.map((d) => ({
          run_name: runName, doc_id: d.docId, source_path: d.sourcePath, content_hash: d.contentHash, chars: d.chars, script: d.script,
        })),
      );
      await this.bulkUpsert(
        client,
        'roots',
        corpus.roots.map((r) => ({
          run_name: runName, root_id: r.rootId, seq: r.seq, doc_id: r.docId, idx: r.index, text: r.text, chars: r.chars, content_hash: r.contentHash,
          script: r.script, length_scale: r.lengthScale, start_offset: r.startOffset, end_offset: r.endOffset,
        })),
      );
      await this.bulkUpsert(
        client,
        'diagnostics',
        corpus.diagnostics.map((g, seq) => ({
          run_name: runName, seq, path: g.path, line: g.line, severity: g.severity, code: g.code, message: g.message,
        })),
      );
    });
  }

  async listRootRefs(runName: string, afterSeq: number, limit: number): Promise<RootRef[]> {
    const rows = await this.rows(
      'SELECT root_id, seq, doc_id, idx, chars, script, length_scale FROM roots WHERE run_name = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [runName, afterSeq, limit],
    );
    return rows.map(rootRefFrom);
  }

  async listRootsAfterPass(runName: string, passes: number, afterSeq: number, limit: number): Promise<RootAfterPass[]> {
    const rows = await this.rows(
      `SELECT r.root_id, r.seq, r.doc_id, r.idx, r.chars, r.script, r.length_scale,
              o.quota, o.candidates, o.drops, o.passes, o.nodes,
              CAST((SELECT COUNT(*) FROM filter_decisions f WHERE f.run_name = r.run_name AND f.root_id = r.root_id AND f.kept) AS INTEGER) AS kept
       FROM roots r JOIN root_outcomes o ON o.run_name = r.run_name AND o.root_id = r.root_id
       WHERE r.run_name = $1 AND r.seq > $2 AND o.error IS NULL AND o.passes = $3
       ORDER BY r.seq LIMIT $4`,
      [runName, afterSeq, passes, limit],
    );
    return rows.map(rootAfterPassFrom);
  }

  async listRootRefsWithPass(runName: string, pass: number, afterSeq: number, limit: number): Promise<RootRef[]> {
    const rows = await this.rows(
      `SELECT r.root_id, r.seq, r.doc_id, r.idx, r.chars, r.script, r.length_scale
       FROM roots r JOIN root_outcomes o ON o.run_name = r.run_name AND o.root_id = r.root_id
       WHERE r.run_name = $1 AND r.seq > $2 AND o.passes >= $3 ORDER BY r.seq LIMIT $4`,
      [runName, afterSeq, pass, limit],
    );
    return rows.map(rootRefFrom);
  }

  async getRoot(runName: string, rootId: string): Promise<RootRow | undefined> {
    const row = await this.row('SELECT * FROM roots WHERE run_name = $1 AND root_id = $2', [runName, rootId]);
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
    await this.upsert('candidates', {
      run_name: runName, root_id: c.rootId, pass: c.pass, path: c.path, doc_id: c.docId, depth: c.depth, context: c.context, question: c.question,
      model: c.model, ...usageValues(c.usage), attempts: c.attempts, leaf_reason: c.leafReason, grounding1: c.grounding[0], grounding2: c.grounding[1],
      created_at: c.createdAt,
    });
  }

  async putDrop(runName: string, d: DropRow): Promise<void> {
    await this.upsert('drops', {
      run_name: runName, root_id: d.rootId, pass: d.pass, path: d.path, stage: d.stage, doc_id: d.docId, depth: d.depth, context: d.context,
      reason: d.reason, detail: d.detail, attempts: d.attempts, ...usageValues(d.usage), created_at: d.createdAt,
    });
  }

  async putRootOutcome(runName: string, o: RootOutcomeRow): Promise<void> {
    await this.upsert('root_outcomes', {
      run_name: runName, root_id: o.rootId, doc_id: o.docId, quota: o.quota, candidates: o.candidates, drops: o.drops, passes: o.passes,
      nodes: o.nodes, error: o.error,
    });
  }

  async listRootOutcomes(runName: string): Promise<RootOutcomeRow[]> {
    const rows = await this.rows(
      `SELECT o.* FROM root_outcomes o JOIN roots r ON r.run_name = o.run_name AND r.root_id = o.root_id
       WHERE o.run_name = $1 ORDER BY r.seq`,
      [runName],
    );
    return rows.map(outcomeFrom);
  }

  async replaceTriples(runName: string, triples: TripleRow[]): Promise<void> {
    await this.transaction(async (client) => {
      await this.lockScope(client, 'triples', runName);
      await client.query('DELETE FROM triples WHERE run_name = $1', [runName]);
      await this.bulkUpsert(
        client,
        'triples',
        triples.map((t) => ({
          run_name: runName, seq: t.seq, root_id: t.rootId, pass: t.pass, path: t.path, doc_id: t.docId, script: t.script, variant: t.variant,
          context: t.context, positive: t.positive, negative: t.negative, status: t.status, detail: t.detail, ...usageValues(t.usage ?? zeroUsage()),
        })),
      );
    });
  }

  async getTriple(runName: string, seq: number): Promise<TripleRow | undefined> {
    const row = await this.row('SELECT * FROM triples WHERE run_name = $1 AND seq = $2', [runName, seq]);
    return row && tripleFrom(row);
  }

  async completeTriple(runName: string, seq: number, outcome: { negative?: string; status: 'ok' | 'failed'; detail?: string; usage?: TokenUsage }): Promise<void> {
    const usage = usageColumnValues(outcome.usage ?? zeroUsage());
    const assignments = ROW_USAGE_COLUMNS.map((column, i) => `${column} = $${i + 4}`).join(', ');
    await this.pool.query(
      `UPDATE triples SET negative = $1, status = $2, detail = $3, ${assignments} WHERE run_name = $10 AND seq = $11`,
      [outcome.negative ?? null, outcome.status, outcome.detail ?? null, ...usage, runName, seq],
    );
  }

  async listTriples(runName: string): Promise<TripleRow[]> {
    return (await this.rows('SELECT * FROM triples WHERE run_name = $1 ORDER BY seq', [runName])).map(tripleFrom);
  }

  async listRootCandidates(runName: string, rootId: string): Promise<CandidateRow[]> {
    const rows = await this.rows('SELECT * FROM candidates WHERE run_name = $1 AND root_id = $2 ORDER BY pass, path', [runName, rootId]);
    return rows.map(candidateFrom);
  }

  async replaceFilterDecisions(runName: string, rootId: string, decisions: FilterDecisionRow[]): Promise<void> {
    await this.transaction(async (client) => {
      await this.lockScope(client, 'filter_decisions', runName, rootId);
      await client.query('DELETE FROM filter_decisions WHERE run_name = $1 AND root_id = $2', [runName, rootId]);
      await this.bulkUpsert(
        client,
        'filter_decisions',
        decisions.map((d) => ({
          run_name: runName, root_id: d.rootId, pass: d.pass, path: d.path, score: d.score, kept: d.kept, rank: d.rank, reason: d.reason,
          duplicate_of: d.duplicateOf, rouge: d.rouge,
        })),
      );
    });
  }

  async listFilterDecisions(runName: string): Promise<(FilterDecisionRow & { docId: string })[]> {
    const rows = await this.rows(
      `SELECT f.*, r.doc_id FROM filter_decisions f JOIN roots r ON r.run_name = f.run_name AND r.root_id = f.root_id
       WHERE f.run_name = $1 ORDER BY r.seq, f.pass, f.path`,
      [runName],
    );
    return rows.map(decisionFrom);
  }

  async corpusScripts(runName: string): Promise<Record<Script, number>> {
    const counts: Record<Script, number> = { cjk: 0, latin: 0 };
    for (const row of await this.rows('SELECT script, COUNT(*) AS n FROM roots WHERE run_name = $1 GROUP BY script', [runName])) {
      counts[str(row, 'script') as Script] = num(row, 'n');
    }
    return counts;
  }

  async listQuestions(runName: string, rootId: string, filtered: boolean): Promise<QuestionRow[]> {
    const alias = filtered ? 'f' : 'c';
    const order = filtered ? RANK_ORDER : 'c.pass, c.path';
    const rows = await this.rows(
      `${filtered ? QUESTIONS_FILTERED : QUESTIONS_ALL} AND ${alias}.run_name = $1 AND ${alias}.root_id = $2 ORDER BY ${order}`,
      [runName, rootId],
    );
    return rows.map(questionFrom);
  }

  async putExampleTrace(runName: string, t: ExampleTraceRow): Promise<void> {
    await this.upsert('example_traces', {
      run_name: runName, set_index: t.setIndex, round: t.round, example_index: t.exampleIndex, verdict: t.verdict, answer: t.answer,
      reasoning: t.reasoning, detail: t.detail, judge_attempts: t.judgeAttempts, ...usageValues(t.usage),
    });
  }

  async getExampleTrace(runName: string, key: Pick<ExampleTraceRow, 'setIndex' | 'round' | 'exampleIndex'>): Promise<ExampleTraceRow | undefined> {
    const row = await this.row(
      'SELECT * FROM example_traces WHERE run_name = $1 AND set_index = $2 AND round = $3 AND example_index = $4',
      [runName, key.setIndex, key.round, key.exampleIndex],
    );
    return row && traceFrom(row);
  }

  async listExampleTraces(runName: string): Promise<ExampleTraceRow[]> {
    const rows = await this.rows('SELECT * FROM example_traces WHERE run_name = $1 ORDER BY set_index, round, example_index', [runName]);
    return rows.map(traceFrom);
  }

  async putArtifact(runName: string, name: string, json: string): Promise<void> {
    await this.upsert('artifacts', { run_name: runName, name, json });
  }

  async getArtifact(runName: string, name: string): Promise<string | undefined> {
    const row = await this.row('SELECT json FROM artifacts WHERE run_name = $1 AND name = $2', [runName, name]);
    return row && str(row, 'json');
  }

  async registerVersion(dataset: string, runName: string, createdAt: string): Promise<DatasetVersionRow> {
    await this.transaction(async (client) => {
      await this.lockScope(client, 'dataset', dataset);
      await client.query(
        `INSERT INTO dataset_versions (dataset, version, run_name, status, created_at)
         SELECT $1::text, COALESCE(MAX(version), 0) + 1, $2::text, 'running', $3::text FROM dataset_versions WHERE dataset = $1::text
         ON CONFLICT (dataset, run_name) DO NOTHING`,
        [dataset, runName, createdAt],
      );
    });
    const row = await this.row('SELECT * FROM dataset_versions WHERE dataset = $1 AND run_name = $2', [dataset, runName]);
    return versionFrom(row!);
  }

  async completeVersion(dataset: string, runName: string): Promise<void> {
    await this.pool.query("UPDATE dataset_versions SET status = 'completed' WHERE dataset = $1 AND run_name = $2", [dataset, runName]);
  }

  async listVersions(dataset: string): Promise<DatasetVersionRow[]> {
    return (await this.rows('SELECT * FROM dataset_versions WHERE dataset = $1 ORDER BY version', [dataset])).map(versionFrom);
  }

  async unchangedRoots(fromRun: string, toRun: string): Promise<string[]> {
    const rows = await this.rows(
      `SELECT t.root_id FROM roots t JOIN roots f ON f.run_name = $1 AND f.root_id = t.root_id AND f.content_hash = t.content_hash
       WHERE t.run_name = $2 ORDER BY t.seq`,
      [fromRun, toRun],
    );
    return rows.map((row) => str(row, 'root_id'));
  }

  async carryForwardRoots(fromRun: string, toRun: string, rootIds: readonly string[]): Promise<void> {
    await this.transaction(async (client) => {
      await this.lockScope(client, 'carry', toRun);
      for (const table of ROOT_TABLES) {
        const columns = (TABLES[table] as TableSpec).columns.map(([name]) => name).filter((name) => name !== 'run_name');
        await client.query(`DELETE FROM ${table} WHERE run_name = $1 AND root_id = ANY($2::text[])`, [toRun, rootIds]);
        await client.query(
          `INSERT INTO ${table} (run_name, ${columns.join(', ')})
           SELECT $1::text, ${columns.join(', ')} FROM ${table} WHERE run_name = $2 AND root_id = ANY($3::text[])`,
          [toRun, fromRun, rootIds],
        );
      }
    });
  }

  async carryForwardArtifacts(fromRun: string, toRun: string, names: readonly string[]): Promise<void> {
    await this.transaction(async (client) => {
      await this.lockScope(client, 'carry', toRun);
      await client.query(
        `INSERT INTO artifacts (run_name, name, json) SELECT $1::text, name, json FROM artifacts WHERE run_name = $2 AND name = ANY($3::text[])
         ON CONFLICT (run_name, name) DO UPDATE SET json = EXCLUDED.json`,
        [toRun, fromRun, names],
      );
      const columns = (TABLES.example_traces as TableSpec).columns.map(([name]) => name).filter((name) => name !== 'run_name');
      await client.query('DELETE FROM example_traces WHERE run_name = $1', [toRun]);
      await client.query(
        `INSERT INTO example_traces (run_name, ${columns.join(', ')}) SELECT $1::text, ${columns.join(', ')} FROM example_traces WHERE run_name = $2`,
        [toRun, fromRun],
      );
    });
  }

  async listPendingRoots(runName: string, afterSeq: number, limit: number): Promise<RootRef[]> {
    const rows = await this.rows(
      `SELECT r.root_id, r.seq, r.doc_id, r.idx, r.chars, r.script, r.length_scale FROM roots r
       WHERE r.run_name = $1 AND r.seq > $2
         AND NOT EXISTS (SELECT 1 FROM root_outcomes o WHERE o.run_name = r.run_name AND o.root_id = r.root_id)
       ORDER BY r.seq LIMIT $3`,
      [runName, afterSeq, limit],
    );
    return rows.map(rootRefFrom);
  }

  async getCachedResponse(key: string): Promise<CachedResponse | undefined> {
    const row = await this.row('SELECT * FROM llm_cache WHERE cache_key = $1', [key]);
    return row && cachedResponseFrom(row);
  }

  async putCachedResponse(key: string, r: CachedResponse): Promise<void> {
    await this.upsert('llm_cache', {
      cache_key: key, text: r.text, model: r.model, finish_reason: r.finishReason ?? null, ...tokenValues(r.usage), paid_by_run: r.paidByRun ?? null,
    });
  }

  async countCacheUse(runName: string, hit: boolean): Promise<void> {
    await this.pool.query(
      `INSERT INTO llm_cache_stats (run_name, hits, misses) VALUES ($1, $2, $3)
       ON CONFLICT (run_name) DO UPDATE SET hits = llm_cache_stats.hits + EXCLUDED.hits, misses = llm_cache_stats.misses + EXCLUDED.misses`,
      [runName, hit ? 1 : 0, hit ? 0 : 1],
    );
  }

  async cacheStats(runName: string): Promise<CacheStats> {
    const row = await this.row('SELECT hits, misses FROM llm_cache_stats WHERE run_name = $1', [runName]);
    return row ? cacheStatsFrom(row) : { hits: 0, misses: 0 };
  }

  async putAnswer(runName: string, a: AnswerRow): Promise<void> {
    await this.upsert('answers', {
      run_name: runName, root_id: a.rootId, pass: a.pass, path: a.path, status: a.status, answer: a.answer, reasoning: a.reasoning,
      critique_json: a.critique ? JSON.stringify(a.critique) : null, detail: a.detail, model: a.model, attempts: a.attempts, ...usageValues(a.usage),
    });
  }

  async getAnswer(runName: string, key: NodeKey): Promise<AnswerRow | undefined> {
    const row = await this.row('SELECT * FROM answers WHERE run_name = $1 AND root_id = $2 AND pass = $3 AND path = $4', [
      runName,
      key.rootId,
      key.pass,
      key.path,
    ]);
    return row && answerFrom(row);
  }

  async listAnswers(runName: string, filtered: boolean): Promise<(QuestionRow & { answer: AnswerRow })[]> {
    const alias = filtered ? 'f' : 'c';
    const withinRoot = filtered ? RANK_ORDER : 'c.pass, c.path';
    const questions = await this.rows(
      `${filtered ? QUESTIONS_FILTERED : QUESTIONS_ALL} AND ${alias}.run_name = $1
       AND EXISTS (SELECT 1 FROM answers a WHERE a.run_name = c.run_name AND a.root_id = c.root_id AND a.pass = c.pass AND a.path = c.path)
       ORDER BY (SELECT r.seq FROM roots r WHERE r.run_name = c.run_name AND r.root_id = c.root_id) NULLS FIRST, ${withinRoot}`,
      [runName],
    );
    const answers = new Map(
      (await this.rows('SELECT * FROM answers WHERE run_name = $1', [runName])).map((row) => {
        const answer = answerFrom(row);
        return [`${answer.rootId}/${answer.pass}/${answer.path}`, answer] as const;
      }),
    );
    return questions.map((row) => {
      const question = questionFrom(row);
      return { ...question, answer: answers.get(`${question.rootId}/${question.pass}/${question.path}`)! };
    });
  }

  async listDocuments(runName: string): Promise<DocumentRow[]> {
    const rows = await this.rows('SELECT * FROM documents WHERE run_name = $1 ORDER BY doc_id', [runName]);
    return rows.map(documentFrom);
  }

  async listDiagnostics(runName: string): Promise<DiagnosticRow[]> {
    const rows = await this.rows('SELECT * FROM diagnostics WHERE run_name = $1 ORDER BY seq', [runName]);
    return rows.map(diagnosticFrom);
  }

  async listCandidates(runName: string): Promise<CandidateRow[]> {
    const rows = await this.rows(
      `SELECT c.* FROM candidates c JOIN roots r ON r.run_name = c.run_name AND r.root_id = c.root_id
       WHERE c.run_name = $1 ORDER BY r.seq, c.pass, c.path`,
      [runName],
    );
    return rows.map(candidateFrom);
  }

  async listDrops(runName: string): Promise<DropRow[]> {
    const rows = await this.rows(
      `SELECT d.* FROM drops d JOIN roots r ON r.run_name = d.run_name AND r.root_id = d.root_id
       WHERE d.run_name = $1 ORDER BY r.seq, d.pass, d.path, d.stage`,
      [runName],
    );
    return rows.map(dropFrom);
  }

  async corpusCounts(runName: string): Promise<CorpusCounts> {
    const row = (await this.row(
      `SELECT (SELECT COUNT(*) FROM documents WHERE run_name = $1) AS documents,
              (SELECT COUNT(*) FROM roots WHERE run_name = $1) AS roots,
              (SELECT COALESCE(SUM(chars), 0) FROM roots WHERE run_name = $1) AS root_chars,
              (SELECT COUNT(*) FROM diagnostics WHERE run_name = $1 AND severity = 'error') AS errors,
              (SELECT COUNT(*) FROM diagnostics WHERE run_name = $1 AND severity = 'warning') AS warnings`,
      [runName],
    ))!;
    return {
      documents: num(row, 'documents'),
      roots: num(row, 'roots'),
      rootChars: num(row, 'root_chars'),
      diagnostics: { errors: num(row, 'errors'), warnings: num(row, 'warnings') },
    };
  }

  async outputCounts(runName: string): Promise<OutputCounts> {
    const grouped = async (sql: string): Promise<Record<string, number>> =>
      Object.fromEntries((await this.rows(sql, [runName])).map((row) => [str(row, 'k'), num(row, 'n')]));
    const sums = async (table: 'candidates' | 'drops'): Promise<Row> =>
      (await this.row(
        `SELECT COUNT(*) AS n, ${USAGE_SUMS} FROM ${table} WHERE run_name = $1`,
        [runName],
      ))!;
    const candidates = await sums('candidates');
    const drops = await sums('drops');
    return {
      candidates: num(candidates, 'n'),
      drops: num(drops, 'n'),
      dropsByReason: await grouped('SELECT reason AS k, COUNT(*) AS n FROM drops WHERE run_name = $1 GROUP BY reason ORDER BY reason'),
      leavesByReason: await grouped(
        'SELECT leaf_reason AS k, COUNT(*) AS n FROM candidates WHERE run_name = $1 AND leaf_reason IS NOT NULL GROUP BY leaf_reason ORDER BY leaf_reason',
      ),
      candidatesByDepth: await grouped('SELECT depth AS k, COUNT(*) AS n FROM candidates WHERE run_name = $1 GROUP BY depth ORDER BY depth'),
      usage: addUsage(usageFrom(candidates), usageFrom(drops)),
    };
  }

  /** Ends the pool; calling it twice is harmless. */
  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
