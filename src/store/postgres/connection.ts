/**
 * The PostgreSQL connection of the shared RunStore: the table specs and the schema made from them
 * (created under an advisory lock), upserts on natural keys, bulk upserts through unnest, and
 * transactions that lock what they replace. The stage files beside it run their SQL on it.
 */
import type { TokenCount, TokenUsage } from '../../domain/tokens';
import { ROW_USAGE_COLUMNS, type Row, usageColumnValues } from '../row-mapping';
import { Pool, type PoolClient } from 'pg';

type ColumnType = 'key' | 'text' | 'integer' | 'bigint' | 'real' | 'boolean';

/** A table: its columns in order (nullable ones marked), its natural key, and columns an upsert keeps. */
export interface TableSpec {
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

export const TABLES = {
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
  batch_requests: {
    columns: [['run_name', 'key'], ['cache_key', 'key'], ['body', 'text'], ['state', 'key'], ['batch', 'key', 'null']],
    key: ['run_name', 'cache_key'],
  },
  llm_cache_stats: {
    columns: [['run_name', 'key'], ['hits', 'bigint'], ['misses', 'bigint'], ['prompt_tokens', 'bigint'], ['cached_prompt_tokens', 'bigint']],
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

export type TableName = keyof typeof TABLES;
export type Values = Record<string, unknown>;

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
ALTER TABLE llm_cache_stats ADD COLUMN IF NOT EXISTS prompt_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE llm_cache_stats ADD COLUMN IF NOT EXISTS cached_prompt_tokens BIGINT NOT NULL DEFAULT 0;
${PAID_TABLES.map((table) => PAID_COLUMNS.map((column) => `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} BIGINT NOT NULL DEFAULT 0;`).join('\n')).join('\n')}`;

const SCHEMA_SQL = [...Object.entries(TABLES).map(([name, spec]) => createTableSql(name, spec)), ADDED_COLUMNS_SQL].join('\n');

/** Every table with rows of one run (all but the shared response cache). */
export const RUN_TABLES = Object.entries(TABLES as Record<string, TableSpec>)
  .filter(([, spec]) => spec.columns.some(([column]) => column === 'run_name'))
  .map(([name]) => name);

const onConflictSql = (spec: TableSpec): string => {
  const updated = spec.columns.map(([column]) => column).filter((column) => !spec.key.includes(column) && !spec.keepOnConflict?.includes(column));
  return `ON CONFLICT (${spec.key.join(', ')}) DO UPDATE SET ${updated.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}`;
};

/** One row: `INSERT ... VALUES ($1, ...) ON CONFLICT (key) DO UPDATE`. */
export const UPSERT_SQL = Object.fromEntries(
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
export const orderedValues = (table: TableName, values: Values): unknown[] =>
  (TABLES[table] as TableSpec).columns.map(([column]) => {
    if (!(column in values)) throw new Error(`PostgresRunStore: no value for ${table}.${column}`);
    return values[column] ?? null;
  });

/** Advisory lock class ids ("augc" and the next): schema creation, and replace* of one scope. */
const SCHEMA_LOCK = 0x61756763;
const REPLACE_LOCK = SCHEMA_LOCK + 1;

export const usageValues = (usage: TokenUsage): Values => {
  const values = usageColumnValues(usage);
  return Object.fromEntries(ROW_USAGE_COLUMNS.map((column, i) => [column, values[i]]));
};

export const tokenValues = (tokens: TokenCount): Values => ({
  prompt_tokens: tokens.promptTokens,
  completion_tokens: tokens.completionTokens,
  total_tokens: tokens.totalTokens,
});


/** Questions of the run: kept ones joined with their candidates, or every candidate. */
export const QUESTIONS_FILTERED = `SELECT c.root_id, c.pass, c.path, c.doc_id, c.depth, c.context, c.question, f.score, f.rank
  FROM filter_decisions f JOIN candidates c ON c.run_name = f.run_name AND c.root_id = f.root_id AND c.pass = f.pass AND c.path = f.path
  WHERE f.kept`;
export const QUESTIONS_ALL = `SELECT c.root_id, c.pass, c.path, c.doc_id, c.depth, c.context, c.question,
  NULL::double precision AS score, NULL::integer AS rank
  FROM candidates c WHERE TRUE`;
/** SQLite sorts NULL first; PostgreSQL last unless told. */
export const RANK_ORDER = 'f.rank NULLS FIRST';

/** A lower-case SQL identifier: the schema goes into search_path unquoted. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresRunStoreOptions {
  /**
   * The schema (search_path) holding the tables, created if missing. Lets tests isolate themselves.
   * @default the connection's default search_path (normally "public")
   */
  schema?: string;
}

export class PostgresConnection {
  private constructor(readonly pool: Pool) {}

  /** Connects and creates the tables if missing (serialized across workers by an advisory lock). */
  static async open(url: string, options: PostgresRunStoreOptions = {}): Promise<PostgresConnection> {
    const { schema } = options;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
      throw new Error(`PostgresRunStore: schema must match ${String(SCHEMA_NAME)}, got ${JSON.stringify(schema)}`);
    }
    const pool = new Pool({ connectionString: url, ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }) });
    // A pooled connection that dies while idle is dropped by the pool; the next query opens a new one.
    pool.on('error', () => undefined);
    const store = new PostgresConnection(pool);
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
  async transaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
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
  async lockScope(client: PoolClient, ...scope: string[]): Promise<void> {
    await client.query(`SELECT pg_advisory_xact_lock($1, hashtext(coalesce(current_schema()::text, '') || '/' || $2::text))`, [REPLACE_LOCK, JSON.stringify(scope)]);
  }

  async upsert(table: TableName, values: Values): Promise<void> {
    await this.pool.query(UPSERT_SQL[table], orderedValues(table, values));
  }

  async bulkUpsert(client: PoolClient, table: TableName, rows: Values[]): Promise<void> {
    if (rows.length === 0) return;
    const ordered = rows.map((row) => orderedValues(table, row));
    const columns = (TABLES[table] as TableSpec).columns.map((_, index) => ordered.map((row) => row[index]));
    await client.query(BULK_UPSERT_SQL[table], columns);
  }

  async rows(sql: string, params: unknown[]): Promise<Row[]> {
    return (await this.pool.query<Row>(sql, params)).rows;
  }

  async row(sql: string, params: unknown[]): Promise<Row | undefined> {
    return (await this.rows(sql, params))[0];
  }

  /** Ends the pool; calling it twice is harmless. */
  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
