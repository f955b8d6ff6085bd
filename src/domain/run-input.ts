/**
 * The run workflow's one input object (SPEC stages 0-1). Everything has a default except the corpus
 * paths, so the Temporal UI's Start Workflow form only needs `{"corpus": {"paths": ["/data/docs"]}}`.
 * Validated inside the workflow too, so a run started from the UI fails with a readable message.
 */
import { parseStoredJson } from './stored-json';
import { z } from 'zod';
import { AnswerSettingsSchema, DatasetSettingsSchema } from './answer/settings';
import { BudgetSchema } from './budget';
import { CstSettingsSchema } from './cst/rules';
import { RunNameSchema } from './run-name';

export const CorpusSettingsSchema = z.strictObject({
  /** Folders (read recursively), files or globs, resolved on the worker's machine. */
  paths: z.array(z.string().min(1, 'a corpus path is empty')).min(1, 'name at least one folder, file or glob'),
  /** Field holding the text in .jsonl/.json records. @default "text" */
  jsonTextField: z.string().min(1).default('text'),
  /** Field holding a record id in .jsonl/.json records (line/index used when absent). @default "id" */
  jsonIdField: z.string().min(1).default('id'),
  /**
   * Where the records are inside each .json file (or .jsonl line), when not at the top: field names
   * separated by ".", `[]` after an array. `"data"` or `"data[]"`: the objects of the top-level
   * `data` array are the records; `"data[].paragraphs"`: the objects of every `paragraphs` array
   * inside `data` (SQuAD-style, with `jsonTextField: "context"`). Absent: a top-level array holds the
   * records, or the value is one record. @default absent
   */
  jsonRecordPath: z
    .string()
    .regex(/^[^.[\]]+(\[\])?(\.[^.[\]]+(\[\])?)*$/, 'use field names separated by "." with "[]" after an array, e.g. "data[]" or "data[].paragraphs"')
    .optional(),
  /**
   * Markdown code blocks (fenced or indented): "drop" leaves them out of the text (code is not prose
   * to ask questions about) and counts their characters in a `dropped-code-block` warning per file;
   * "keep" keeps their content as text. @default "drop"
   */
  codeBlocks: z.enum(['drop', 'keep'], { message: 'expected "drop" (code is left out and counted) or "keep" (code is kept as text)' }).default('drop'),
  /** Files larger than this are reported and skipped. @default 67108864 (64 MiB) */
  maxFileBytes: z.number().int().min(1).default(64 * 1024 * 1024),
});

export const RootSettingsSchema = z.strictObject({
  /** Largest root context, in CJK characters (scaled for other scripts). @default 500 */
  rootMaxChars: z.number().int().min(20).default(500),
  /**
   * Paragraphs this short are dropped (and counted in the report). The authors used 100; ours is 0
   * because roots pack whole sentences across paragraphs, so headings and short list items stay with
   * their neighbours instead of being lost. @default 0
   */
  minParagraphChars: z.number().int().min(0).default(0),
  /** Length factor for non-CJK scripts, so a root holds about as many tokens as a CJK one. @default 3 */
  latinScale: z.number().min(0.1).max(10).default(3),
});

export const OrchestrationSettingsSchema = z.strictObject({
  /** Root workflows running at once per run (bounded fan-out). @default 50 */
  maxConcurrentRoots: z.number().int().min(1).max(500).default(50),
  /** The scorer's negatives (one LLM call each) scheduled at once. @default 50 */
  maxConcurrentNegatives: z.number().int().min(1).max(500).default(50),
  /** Self-improvement's example traces (an answer and its judgement each) scheduled at once. @default 50 */
  maxConcurrentExamples: z.number().int().min(1).max(500).default(50),
  /**
   * Questions of one root answered at once inside its answer activity (each stored as it is done).
   * More than 1 keeps the endpoint busy while the last roots of the answer stage finish. @default 4
   */
  maxConcurrentAnswersPerRoot: z.number().int().min(1).max(64).default(4),
  /**
   * Tree nodes one CST activity expands (a node and its descendants, each stored as it is decided).
   * 1 is one activity per node. @default 16
   */
  nodesPerActivity: z.number().int().min(1).max(64).default(16),
  /** Tree nodes a CST workflow expands through its activities before handing subtrees to child workflows. @default 128 */
  nodesPerWorkflow: z.number().int().min(1).max(1000).default(128),
  /** The run workflow continues as new after starting this many roots. @default 500 */
  rootsPerHistory: z.number().int().min(10).max(5000).default(500),
  /** Start-to-close timeout of one LLM call activity. @default 300 */
  llmCallTimeoutSeconds: z.number().int().min(1).default(300),
  /** Heartbeat timeout of LLM call activities (a dead worker's call is retried after this). @default 30 */
  llmHeartbeatTimeoutSeconds: z.number().int().min(1).default(30),
  /** Attempts per LLM call for retryable errors (429, 5xx, timeouts). @default 12 */
  llmMaxAttempts: z.number().int().min(1).max(100).default(12),
  /**
   * Heartbeat timeout of scorer training (it heartbeats every epoch and embedding batch): a dead
   * worker's training resumes from its last checkpoint on another worker after this. @default 60
   */
  trainingHeartbeatTimeoutSeconds: z.number().int().min(1).default(60),
});

export const ScorerSettingsSchema = z.strictObject({
  /** Train the contrastive scorer and filter the candidates (SPEC stage 2). @default true */
  enabled: z.boolean().default(true),
  /** Triples per weakened prompt, at most a third of the candidates each. @default 500 */
  triplesPerType: z.number().int().min(1).max(100_000).default(500),
  /** @default 4 */
  epochs: z.number().int().min(1).max(100).default(4),
  /** @default 4 */
  batchSize: z.number().int().min(1).max(1024).default(4),
  /** @default 0.05 */
  learningRate: z.number().positive().max(10).default(0.05),
  /** @default 0.01 */
  weightDecay: z.number().min(0).max(1).default(0.01),
  /** "paper": -log sigmoid(Sc+ - Sc-); "authors": -Sc+ + Sc-. @default "paper" */
  loss: z.enum(['paper', 'authors']).default('paper'),
  /** ROUGE-L above this against a kept question makes a candidate a duplicate. @default 0.7 */
  rougeThreshold: z.number().min(0).max(1).default(0.7),
  /** "f" (the authors' code) or "precision" (the paper). @default "f" */
  rougeMeasure: z.enum(['f', 'precision']).default('f'),
});

export const LlmRunSettingsSchema = z.strictObject({
  /**
   * "direct": every LLM call is made as the run reaches it. "batch": each stage's independent calls
   * (a CST tree level across all roots, the negatives, a self-improvement round, the answers) go to
   * the endpoint's Batch API (/v1/files + /v1/batches, a 24 h window at the provider's batch price)
   * and the run waits on durable timers; needs an OpenAI-compatible endpoint and llm.cache on
   * (docs/decisions/0012). @default "direct"
   */
  mode: z.enum(['direct', 'batch'], { message: 'expected "direct" (calls made as reached) or "batch" (calls sent through the Batch API)' }).default('direct'),
  /** How often a running batch is looked at (a durable timer between looks; no worker slot is held). @default 60 */
  batchPollSeconds: z.number().int().min(1).max(3600).default(60),
});

export const RunInputSchema = z.strictObject({
  corpus: CorpusSettingsSchema,
  /**
   * Names the run directory and the run's rows in the store (see run-name.ts for what is allowed).
   * @default the workflow id (a scheduled run's without the colons of its start time)
   */
  runName: RunNameSchema.optional(),
  /**
   * Reuse the name of an earlier run: its rows are deleted first (the shared response cache is kept).
   * Without it a run whose name an earlier run holds is refused. Not part of the recorded settings.
   * @default false
   */
  replace: z.boolean().optional(),
  /** Seeds every sample: the same seed gives the same trees. @default 1 */
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  roots: RootSettingsSchema.default(RootSettingsSchema.parse({})),
  cst: CstSettingsSchema.default(CstSettingsSchema.parse({})),
  orchestration: OrchestrationSettingsSchema.default(OrchestrationSettingsSchema.parse({})),
  scorer: ScorerSettingsSchema.default(ScorerSettingsSchema.parse({})),
  answers: AnswerSettingsSchema.refine((answers) => !(answers.examples && answers.examplesFile), {
    message: 'give "examples" or "examplesFile", not both',
  }).default(AnswerSettingsSchema.parse({})),
  dataset: DatasetSettingsSchema.default(DatasetSettingsSchema.parse({})),
  /** Caps that pause the run when reached (raise them to resume). @default no cap */
  budget: BudgetSchema.default(BudgetSchema.parse({})),
  /** How the run's LLM calls reach the endpoint (the endpoint itself is the worker's setting). @default direct calls */
  llm: LlmRunSettingsSchema.default(LlmRunSettingsSchema.parse({})),
});

export type RunInput = z.input<typeof RunInputSchema>;
export type RunSettings = z.output<typeof RunInputSchema>;

/** "corpus.paths: name at least one ..." lines, one per problem. */
export function describeIssues(error: z.ZodError, source = 'run input'): string {
  return error.issues
    .map((issue) => `${source}: ${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`)
    .join('\n');
}

export type ValidationResult = { ok: true; settings: RunSettings } | { ok: false; message: string };

export function validateRunInput(input: unknown, source?: string): ValidationResult {
  const parsed = RunInputSchema.safeParse(input);
  return parsed.success ? { ok: true, settings: parsed.data } : { ok: false, message: describeIssues(parsed.error, source) };
}

/** A run's settings as the store holds them (recorded at ingest), with defaults for anything added since. */
export function readStoredSettings(runName: string, settingsJson: string): RunSettings {
  return parseStoredJson(RunInputSchema, settingsJson, `stored settings of run ${runName}`);
}

/**
 * Fills in the defaults of settings added since `settings` were recorded: a workflow started (or a
 * state carried across continue-as-new) by an older version passes settings without them.
 */
export function withCurrentDefaults(settings: RunSettings): RunSettings {
  return RunInputSchema.parse(settings);
}
