/**
 * What the run report shows (report-data.ts builds it from the store, render-report.ts draws it).
 */
import type { QualityReport } from '../domain/quality';
import type { DroppedChars } from '../ingest/dropped';
import type { TokenUsage } from '../domain/tokens';
import type { GuardCounts } from '../quality/guard-counts';
import type { PassTree } from './cst-tree';
import type { Histogram } from './histogram';

export interface RootReport {
  rootId: string;
  seq: number;
  docId: string;
  index: number;
  chars: number;
  /** Absent until the root's CST passes finished. */
  quota?: number;
  passes?: number;
  candidates: number;
  drops: number;
  /** Kept after filtering (runs with the scorer). */
  kept?: number;
  underQuota: boolean;
  error?: string;
  trees: PassTree[];
}

export interface UnderQuotaRow {
  rootId: string;
  docId: string;
  quota: number;
  candidates: number;
  kept?: number;
  passes: number;
  error?: string;
}

export interface ReasonRow {
  reason: string;
  count: number;
  usage: TokenUsage;
  /** The detail of the first such drop, as an example. */
  example?: string;
}

export interface StageRow {
  stage: string;
  /** What `items` counts ("nodes", "answers", ...). */
  unit: string;
  items: number;
  /** Absent when the store keeps no usage for the stage. */
  usage?: TokenUsage;
  /** Absent without prices, or when a model of the stage has none. */
  cost?: number;
  note?: string;
}

export interface ReportSummary {
  documents: number;
  roots: number;
  rootChars: number;
  diagnostics: { errors: number; warnings: number };
  rootsDone: number;
  rootsUnderQuota: number;
  rootsFailed: number;
  nodes: number;
  candidates: number;
  drops: number;
  /** With the scorer: the filter's decisions. */
  filter?: { decided: number; kept: number; duplicates: number; overQuota: number };
  /** Questions that go to the answer stage: the kept ones, or every candidate without the scorer. */
  pairs: number;
  answers: { answered: number; failed: number };
  tokens: TokenUsage;
  cost?: number;
}

export interface ReportData {
  runName: string;
  createdAt: string;
  configHash: string;
  settings: { seed: number; scorer: boolean; maxPasses: number; charsPerPair: number; rootMaxChars: number; minChars: number };
  manifest?: {
    workflowId?: string;
    startedAt?: string;
    finishedAt?: string;
    durationSeconds?: number;
    modelsSeen?: string[];
    heldOutAccuracy?: number;
    heldOutTriples?: number;
    triples?: number;
    features?: string;
    judgedAccuracy?: number;
    /** Response-cache hits and calls made; of the calls' prompt tokens, those the provider served from its prompt cache. */
    cache?: { hits: number; misses: number; promptTokensSent?: number; providerCachedPromptTokens?: number };
    tokens?: TokenUsage;
    tokensByStage?: Record<string, TokenUsage>;
  };
  models: string[];
  summary: ReportSummary;
  /** The first `maxTreeRoots` roots by sequence. */
  roots: RootReport[];
  totalRoots: number;
  maxTreeRoots: number;
  /** Context length and depth of the pairs (kept ones with the scorer) beside all candidates. */
  granularity: { length: Histogram; depth: Histogram };
  /** Scores of every decided candidate and of the kept ones; absent without the scorer or its decisions. */
  scores?: Histogram;
  rootsUnderQuota: UnderQuotaRow[];
  rootsFailed: { rootId: string; docId: string; error: string }[];
  dropsByReason: ReasonRow[];
  leavesByReason: { reason: string; count: number }[];
  /** The quality measures of the kept pairs (the same as manifest.json's and `augcon eval`'s). */
  quality: QualityReport;
  /** What each CST guard caught. */
  guards: GuardCounts;
  /** Characters of the sources not kept as text, by reason (code blocks, HTML markup, front matter, ...). */
  droppedChars: DroppedChars;
  stages: StageRow[];
  pricesGiven: boolean;
  /** Where the prices came from: the report's options, or the run's budget settings. */
  priceSource?: 'given' | 'run budget';
}
