/**
 * Table rows to the RunStore's records, shared by the SQLite and PostgreSQL stores: both name their
 * columns alike, so one mapping keeps their results identical (absent optional fields are left out,
 * numbers are numbers whatever the driver returns: PostgreSQL's int8 arrives as a string).
 */
import { AnswerCritiqueSchema, type AnswerCritique } from '../domain/answer/stored';
import { parseStoredJson } from '../domain/stored-json';
import type { TokenCount, TokenUsage } from '../domain/tokens';
import type {
  AnswerRow,
  CacheStats,
  CacheUse,
  CachedResponse,
  DatasetVersionRow,
  CandidateRow,
  DiagnosticRow,
  DocumentRow,
  DropRow,
  ExampleTraceRow,
  FilterDecisionRow,
  NegativeVariant,
  QuestionRow,
  RootOutcomeRow,
  RootRef,
  RunRow,
  Script,
  TripleRow,
  RootAfterPass,
  RootRow,
  BatchCounts,
  BatchRequestState,
} from './run-store';

export type Row = Record<string, unknown>;

export const num = (row: Row, key: string): number => Number(row[key]);
export const str = (row: Row, key: string): string => String(row[key]);
export const isNull = (row: Row, key: string): boolean => row[key] === null || row[key] === undefined;
const optionalText = <K extends string>(row: Row, column: string, key: K): Partial<Record<K, string>> =>
  isNull(row, column) ? {} : ({ [key]: str(row, column) } as Record<K, string>);
const optionalNumber = <K extends string>(row: Row, column: string, key: K): Partial<Record<K, number>> =>
  isNull(row, column) ? {} : ({ [key]: num(row, column) } as Record<K, number>);

/** A reply's tokens (the llm_cache table). */
export const tokenCountFrom = (row: Row, prefix = ''): TokenCount => ({
  promptTokens: num(row, `${prefix}prompt_tokens`),
  completionTokens: num(row, `${prefix}completion_tokens`),
  totalTokens: num(row, `${prefix}total_tokens`),
});

/** A row's tokens and the part of them the run paid for (the paid_* columns). */
export const usageFrom = (row: Row): TokenUsage => ({ ...tokenCountFrom(row), paid: tokenCountFrom(row, 'paid_') });

/** The token columns of a row: its usage, then the paid part (the order of ROW_USAGE_COLUMNS). */
export const usageColumnValues = (usage: TokenUsage): number[] => [
  usage.promptTokens, usage.completionTokens, usage.totalTokens,
  usage.paid.promptTokens, usage.paid.completionTokens, usage.paid.totalTokens,
];

/** The token columns of every table that stores a run's replies (llm_cache has the first three only). */
export const ROW_USAGE_COLUMNS = ['prompt_tokens', 'completion_tokens', 'total_tokens', 'paid_prompt_tokens', 'paid_completion_tokens', 'paid_total_tokens'] as const;

/** SQL that sums a table's token columns under their own names (read back with usageFrom). */
export const USAGE_SUMS = ROW_USAGE_COLUMNS.map((column) => `COALESCE(SUM(${column}), 0) AS ${column}`).join(', ');

export const rootRefFrom = (row: Row): RootRef => ({
  rootId: str(row, 'root_id'),
  seq: num(row, 'seq'),
  docId: str(row, 'doc_id'),
  index: num(row, 'idx'),
  chars: num(row, 'chars'),
  script: str(row, 'script') as Script,
  lengthScale: num(row, 'length_scale'),
});

export const documentFrom = (row: Row): DocumentRow => ({
  docId: str(row, 'doc_id'),
  sourcePath: str(row, 'source_path'),
  contentHash: str(row, 'content_hash'),
  chars: num(row, 'chars'),
  script: str(row, 'script') as Script,
});

export const diagnosticFrom = (row: Row): DiagnosticRow => ({
  path: str(row, 'path'),
  ...optionalNumber(row, 'line', 'line'),
  severity: str(row, 'severity') as DiagnosticRow['severity'],
  code: str(row, 'code'),
  message: str(row, 'message'),
});

export const candidateFrom = (row: Row): CandidateRow => ({
  rootId: str(row, 'root_id'),
  pass: num(row, 'pass'),
  path: str(row, 'path'),
  docId: str(row, 'doc_id'),
  depth: num(row, 'depth'),
  context: str(row, 'context'),
  question: str(row, 'question'),
  model: str(row, 'model'),
  usage: usageFrom(row),
  attempts: num(row, 'attempts'),
  ...optionalText(row, 'leaf_reason', 'leafReason'),
  grounding: [num(row, 'grounding1'), num(row, 'grounding2')],
  createdAt: str(row, 'created_at'),
});

export const dropFrom = (row: Row): DropRow => ({
  rootId: str(row, 'root_id'),
  pass: num(row, 'pass'),
  path: str(row, 'path'),
  stage: 'cst',
  docId: str(row, 'doc_id'),
  depth: num(row, 'depth'),
  context: str(row, 'context'),
  reason: str(row, 'reason'),
  detail: str(row, 'detail'),
  attempts: num(row, 'attempts'),
  usage: usageFrom(row),
  createdAt: str(row, 'created_at'),
});

export const outcomeFrom = (row: Row): RootOutcomeRow => ({
  rootId: str(row, 'root_id'),
  docId: str(row, 'doc_id'),
  quota: num(row, 'quota'),
  candidates: num(row, 'candidates'),
  drops: num(row, 'drops'),
  passes: num(row, 'passes'),
  nodes: num(row, 'nodes'),
  ...optionalText(row, 'error', 'error'),
});

/** A root joined with its outcome (the query selects the outcome's counts, not its error: there is none). */
export const rootAfterPassFrom = (row: Row): RootAfterPass => ({ ...rootRefFrom(row), outcome: outcomeFrom(row), kept: num(row, 'kept') });

export const tripleFrom = (row: Row): TripleRow => ({
  seq: num(row, 'seq'),
  rootId: str(row, 'root_id'),
  pass: num(row, 'pass'),
  path: str(row, 'path'),
  docId: str(row, 'doc_id'),
  script: str(row, 'script') as Script,
  variant: str(row, 'variant') as NegativeVariant,
  context: str(row, 'context'),
  positive: str(row, 'positive'),
  ...optionalText(row, 'negative', 'negative'),
  status: str(row, 'status') as TripleRow['status'],
  ...optionalText(row, 'detail', 'detail'),
  usage: usageFrom(row),
});

/** `kept` is 1/0 in SQLite and a boolean in PostgreSQL. */
export const decisionFrom = (row: Row): FilterDecisionRow & { docId: string } => ({
  rootId: str(row, 'root_id'),
  docId: str(row, 'doc_id'),
  pass: num(row, 'pass'),
  path: str(row, 'path'),
  score: num(row, 'score'),
  kept: row.kept === true || Number(row.kept) === 1,
  ...optionalNumber(row, 'rank', 'rank'),
  ...(isNull(row, 'reason') ? {} : { reason: str(row, 'reason') as FilterDecisionRow['reason'] }),
  ...optionalText(row, 'duplicate_of', 'duplicateOf'),
  ...optionalNumber(row, 'rouge', 'rouge'),
});

export const questionFrom = (row: Row): QuestionRow => ({
  rootId: str(row, 'root_id'),
  pass: num(row, 'pass'),
  path: str(row, 'path'),
  docId: str(row, 'doc_id'),
  depth: num(row, 'depth'),
  context: str(row, 'context'),
  question: str(row, 'question'),
  ...optionalNumber(row, 'score', 'score'),
  ...optionalNumber(row, 'rank', 'rank'),
});

export const traceFrom = (row: Row): ExampleTraceRow => ({
  setIndex: num(row, 'set_index'),
  round: num(row, 'round'),
  exampleIndex: num(row, 'example_index'),
  verdict: str(row, 'verdict') as ExampleTraceRow['verdict'],
  ...optionalText(row, 'answer', 'answer'),
  ...optionalText(row, 'reasoning', 'reasoning'),
  ...optionalText(row, 'detail', 'detail'),
  judgeAttempts: num(row, 'judge_attempts'),
  usage: usageFrom(row),
});

/** The critique_json column, read through its schema: a damaged value names the answer's run and node and the field. */
const critiqueFrom = (row: Row): AnswerCritique =>
  parseStoredJson(
    AnswerCritiqueSchema,
    str(row, 'critique_json'),
    `the critique (column critique_json) of the answer to ${str(row, 'root_id')} pass ${num(row, 'pass')} path ${str(row, 'path')}${isNull(row, 'run_name') ? '' : ` in run ${str(row, 'run_name')}`}`,
  );

export const answerFrom = (row: Row): AnswerRow => ({
  rootId: str(row, 'root_id'),
  pass: num(row, 'pass'),
  path: str(row, 'path'),
  status: str(row, 'status') as AnswerRow['status'],
  ...optionalText(row, 'answer', 'answer'),
  ...optionalText(row, 'reasoning', 'reasoning'),
  ...(isNull(row, 'critique_json') ? {} : { critique: critiqueFrom(row) }),
  ...optionalText(row, 'detail', 'detail'),
  model: str(row, 'model'),
  attempts: num(row, 'attempts'),
  usage: usageFrom(row),
});

export const cachedResponseFrom = (row: Row): CachedResponse => ({
  text: str(row, 'text'),
  model: str(row, 'model'),
  usage: tokenCountFrom(row),
  ...optionalText(row, 'finish_reason', 'finishReason'),
  ...optionalText(row, 'paid_by_run', 'paidByRun'),
});

export const cacheStatsFrom = (row: Row): CacheStats => ({
  hits: num(row, 'hits'),
  misses: num(row, 'misses'),
  promptTokensSent: num(row, 'prompt_tokens'),
  providerCachedPromptTokens: num(row, 'cached_prompt_tokens'),
});

export const NO_CACHE_USE: CacheStats = { hits: 0, misses: 0, promptTokensSent: 0, providerCachedPromptTokens: 0 };

/** The increments of one cache use: hits, misses, prompt tokens, provider-cached prompt tokens. */
export const cacheUseValues = (use: CacheUse): [number, number, number, number] =>
  use.hit ? [1, 0, 0, 0] : [0, 1, use.promptTokens ?? 0, use.cachedPromptTokens ?? 0];

export const versionFrom = (row: Row): DatasetVersionRow => ({
  dataset: str(row, 'dataset'),
  version: num(row, 'version'),
  runName: str(row, 'run_name'),
  status: str(row, 'status') as DatasetVersionRow['status'],
  createdAt: str(row, 'created_at'),
});

export const runFrom = (row: Row): RunRow => ({
  runName: str(row, 'run_name'),
  configHash: str(row, 'config_hash'),
  settingsJson: str(row, 'settings_json'),
  createdAt: str(row, 'created_at'),
  ...(isNull(row, 'owner_run_id') ? {} : { owner: { workflowId: str(row, 'owner_workflow_id'), firstExecutionRunId: str(row, 'owner_run_id') } }),
});

export const rootFrom = (row: Row): RootRow => ({
  rootId: str(row, 'root_id'),
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
});

/** Each question row with its answer row (every listed question has one). */
export function questionsWithAnswers(questionRows: Row[], answerRows: Row[]): (QuestionRow & { answer: AnswerRow })[] {
  const answers = new Map(
    answerRows.map((row) => {
      const answer = answerFrom(row);
      return [`${answer.rootId}/${answer.pass}/${answer.path}`, answer] as const;
    }),
  );
  return questionRows.map((row) => {
    const question = questionFrom(row);
    return { ...question, answer: answers.get(`${question.rootId}/${question.pass}/${question.path}`)! };
  });
}

/** A request a batch failed (or one already done whose reply is gone from the cache) is made directly. */
export const directOrQueued = (state: string): 'queued' | 'direct' => (state === 'queued' || state === 'submitted' ? 'queued' : 'direct');

export function batchCountsByState(entries: readonly (readonly [string, number])[], batches: number): BatchCounts {
  const counts: BatchCounts = { queued: 0, submitted: 0, done: 0, direct: 0, batches };
  for (const [state, n] of entries) if (state in counts) counts[state as BatchRequestState] += n;
  return counts;
}
