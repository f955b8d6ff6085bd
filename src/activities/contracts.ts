/**
 * Inputs and results of the activities, shared with the workflows (which import them as types only).
 * No payload carries more than one root's text.
 */
import type { LeafReason } from '../domain/cst/stop-rules';
import type { CstSettings } from '../domain/cst/rules';
import type { RunSettings } from '../domain/run-input';
import type { TokenUsage } from '../domain/tokens';
import type { NodeCounts, Tally } from '../domain/tally';
import type { CstNodeTask } from '../domain/cst/tree-node';
import type { ScorerMetrics } from './scorer-activities';
import type { Changelog } from './dataset-activities';
import type { CacheStats, CorpusCounts, RootOutcomeRow, RootRef, Script } from '../store/run-store';
import type { StageTokens } from './stage-tokens';

export interface IngestInput {
  runName: string;
  settings: RunSettings;
}

export type IngestResult = CorpusCounts & { configHash: string };

export interface RootText {
  rootId: string;
  docId: string;
  text: string;
  chars: number;
  script: Script;
  lengthScale: number;
}

/** The node of a CST tree an activity expands. */
export interface CstNodeInput {
  runName: string;
  runSeed: number;
  rootId: string;
  docId: string;
  script: Script;
  lengthScale: number;
  pass: number;
  path: string;
  depth: number;
  context: string;
  /** 0 for the first sample; each parse retry is a fresh sample. */
  attempt: number;
  /** Tokens spent by earlier attempts of this node, added to the stored row. */
  usageSoFar: TokenUsage;
  cst: CstSettings;
}

export type CstNodeResult =
  | { kind: 'retry'; reason: string; usage: TokenUsage }
  | { kind: 'dropped'; reason: string; usage: TokenUsage }
  | { kind: 'kept'; children: string[]; leafReason?: LeafReason; usage: TokenUsage };

/** Start nodes of one CST subtree activity and the most nodes it may expand (docs/decisions/0011). */
export interface CstSubtreeInput {
  runName: string;
  runSeed: number;
  root: { rootId: string; docId: string; script: Script; lengthScale: number };
  pass: number;
  nodes: CstNodeTask[];
  /** At least `nodes.length`; the sub-contexts beyond it are returned in `frontier`, not begun. */
  maxNodes: number;
  cst: CstSettings;
}

/** What a subtree activity decided (every node's row is stored) and the sub-contexts it left. */
export interface CstSubtreeResult extends NodeCounts {
  /** Sorted by path, so a retried attempt returns the same list. */
  frontier: CstNodeTask[];
}

/** Records a node whose LLM call failed for good (retries exhausted), so nothing is lost silently. */
export interface NodeFailureInput {
  runName: string;
  rootId: string;
  docId: string;
  pass: number;
  path: string;
  depth: number;
  context: string;
  attempts: number;
  errorType: string;
  message: string;
  usage: TokenUsage;
}

export interface ListRootsInput {
  runName: string;
  afterSeq: number;
  limit: number;
}

/** The run's tally plus its roots: carried across continue-as-new and exported in the manifest. */
export interface RunTotals extends Tally {
  rootsDone: number;
  rootsFailed: number;
  /** Root workflows of passes after the first (roots still under quota after filtering). */
  rootsRepassed?: number;
  rootsRepassedDone?: number;
}

/** What the answer stage reports (see src/workflows/answer-stage-workflow.ts). */
export interface AnswerStageSummary {
  examples: number;
  language: string;
  examplesJudged: number;
  examplesPassed: number;
  demonstrationSet: number;
  demonstrations: number;
  judgedAccuracy: number;
  questions: number;
  answered: number;
  failed: number;
  revised: number;
  /** Tokens of the answers (answer, critique). */
  tokens: TokenUsage;
  /** Tokens of self-improvement (example answers and their judge); zero when the demonstrations were reused. */
  selfImprovementTokens: TokenUsage;
}

/** What the scorer stage reports (see src/workflows/scorer-stage-workflow.ts). */
export interface ScorerStageSummary {
  metrics: ScorerMetrics;
  /** Tokens of the weakened-prompt calls (zero when the scorer was reused). */
  negativeTokens: TokenUsage;
  kept: number;
  duplicates: number;
  overQuota: number;
}

export interface FinalizeInput {
  scorer?: ScorerStageSummary;
  /** Present when the answer stage ran. */
  answers?: AnswerStageSummary;
  /** The dataset export of the answer stage. */
  dataset?: { directory: string; records: number; failed: number; files: string[] };
  runName: string;
  workflowId: string;
  /** The operator stopped the run: it exported what was done and skipped the stages not started. */
  stopped?: boolean;
  startedAtMs: number;
  finishedAtMs: number;
  continuedAsNew: number;
  totals: RunTotals;
}

export interface RunSummary {
  runName: string;
  runDirectory: string;
  documents: number;
  roots: number;
  candidates: number;
  drops: number;
  diagnostics: { errors: number; warnings: number };
  rootsUnderQuota: number;
  rootsFailed: number;
  /** Every reply's tokens, counted once from the store, and the part the run paid for (provider.ts TokenUsage). */
  tokens: TokenUsage;
  /** The same tokens by stage; they add up to `tokens`. */
  tokensByStage: StageTokens;
  durationSeconds: number;
  /** Present when the scorer stage ran: candidates = kept + duplicates + overQuota. */
  filter?: {
    kept: number;
    duplicates: number;
    overQuota: number;
    heldOutAccuracy: number;
    heldOutTriples: number;
    /** Triples this run made and trained on: 0 when it reused an earlier version's scorer. */
    triples: number;
    features: string;
    /** The run (an earlier version of the dataset) whose scorer this run reused instead of training one. */
    reusedFrom?: string;
    /** With `reusedFrom`: the triples that run trained the scorer on, when they are still in the store. */
    reusedTriples?: number;
  };
  /** Present when the answer stage ran: questions = answered + failed. */
  answers?: { questions: number; answered: number; failed: number; revised: number; demonstrations: number; judgedAccuracy: number; examples: number };
  /** The exported dataset (present with the answer stage). */
  dataset?: { directory: string; records: number; files: string[] };
  /** A version of a named dataset: its number and changelog against the previous version. */
  version?: Changelog;
  /** Present (true) when the operator stopped the run before its last stage. */
  stopped?: boolean;
  /** With `stopped`: the CST calls the stop cancelled while they waited to retry or retried. */
  stoppedCalls?: number;
  /** Calls answered by the response cache, calls made, and the tokens the run did not pay for (tokens minus paid). */
  llmCache: CacheStats & { savedTokens: number };
  /** Batch mode: the batches sent, the requests they carried, and those made directly after a batch did not answer them. */
  batches?: { batches: number; requests: number; answered: number; direct: number };
}

export type { RootOutcomeRow, RootRef };
