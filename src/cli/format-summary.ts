import type { RunSummary } from '../activities/contracts';
import type { StageTokens } from '../activities/stage-tokens';
import { savedTokens, type TokenUsage } from '../domain/tokens';

export function formatSummary(summary: RunSummary, workflowUrl: string): string {
  return [
    `Run ${summary.runName} completed in ${summary.durationSeconds} s`,
    ...(summary.stopped
      ? [
          `  stopped          by the operator: what was done is exported, later stages were skipped${
            summary.stoppedCalls ? `; ${summary.stoppedCalls} LLM calls cancelled while they retried` : ''
          }`,
        ]
      : []),
    `  documents        ${summary.documents} (${summary.diagnostics.errors} errors, ${summary.diagnostics.warnings} warnings in diagnostics.jsonl)`,
    `  root contexts    ${summary.roots} (${summary.rootsUnderQuota} under quota, ${summary.rootsFailed} failed)`,
    `  questions        ${summary.candidates} candidates in candidates.jsonl`,
    `  dropped nodes    ${summary.drops} (reasons in drops.jsonl)`,
    ...(summary.filter
      ? [
          `  filtered         ${summary.filter.kept} kept in filtered.jsonl (${summary.filter.duplicates} duplicates, ${summary.filter.overQuota} over quota in rejected.jsonl)`,
          `  scorer           ${scorerLine(summary.filter, summary.version?.previousVersion ?? null)}`,
        ]
      : []),
    ...(summary.answers
      ? [
          `  self-improvement ${summary.answers.demonstrations} demonstrations from ${summary.answers.examples} examples (judged accuracy ${summary.answers.judgedAccuracy.toFixed(3)})`,
          `  answers          ${summary.answers.answered} answered, ${summary.answers.failed} failed${summary.answers.revised ? `, ${summary.answers.revised} revised by the critique` : ''}`,
        ]
      : []),
    ...(summary.dataset ? [`  dataset          ${summary.dataset.records} training records in ${summary.dataset.directory}/ (${summary.dataset.files.length} files)`] : []),
    ...(summary.version
      ? [
          `  dataset version  ${summary.version.dataset} v${summary.version.version}${summary.version.previousVersion === null ? '' : ` (against v${summary.version.previousVersion}: pairs +${summary.version.pairs.added} -${summary.version.pairs.removed} =${summary.version.pairs.kept}; documents ${summary.version.documents ? `${summary.version.documents.new.length} new, ${summary.version.documents.changed.length} changed, ${summary.version.documents.deleted.length} deleted` : 'n/a'}) in changelog.json`}`,
        ]
      : []),
    `  LLM cache        ${summary.llmCache.hits} hits, ${summary.llmCache.misses} calls made${providerCacheNote(summary.llmCache)}`,
    `  tokens           ${tokensLine(summary.tokens)}`,
    ...(summary.tokensByStage ? [`  tokens by stage  ${stageTokensLine(summary.tokensByStage)}`] : []),
    `  output           ${summary.runDirectory}/`,
    `  Temporal UI      ${workflowUrl}`,
  ].join('\n');
}

type FilterSummary = NonNullable<RunSummary['filter']>;

/** The scorer's line: the triples it trained on here, or the earlier version whose scorer was reused (never "0 triples"). */
export function scorerLine(filter: FilterSummary, previousVersion: number | null): string {
  if (filter.reusedFrom !== undefined) {
    const version = previousVersion === null ? 'an earlier version' : `v${previousVersion}`;
    const trainedOn = filter.reusedTriples === undefined ? '' : `, trained there on ${filter.reusedTriples} triples`;
    return `reused from ${version} (run ${filter.reusedFrom}${trainedOn}; none made in this run), ${filter.features} features, held-out pairwise accuracy ${filter.heldOutAccuracy.toFixed(3)} at its training`;
  }
  return `${filter.triples} triples, ${filter.features} features, ${
    filter.heldOutTriples > 0 ? `held-out pairwise accuracy ${filter.heldOutAccuracy.toFixed(3)} on ${filter.heldOutTriples}` : 'no held-out accuracy (fewer than 10 triples)'
  }`;
}

const STAGE_NAMES: Record<keyof StageTokens, string> = {
  contextSplitTree: 'Context-Split-Tree',
  scorerNegatives: 'negatives',
  selfImprovement: 'self-improvement',
  answers: 'answers',
};

/** "; the provider's prompt cache served 3100 of 4000 prompt tokens": only when the provider reported any. */
function providerCacheNote(cache: RunSummary['llmCache']): string {
  return cache.providerCachedPromptTokens > 0
    ? `; the provider's prompt cache served ${cache.providerCachedPromptTokens} of their ${cache.promptTokensSent} prompt tokens`
    : '';
}

/** "5200 (4000 prompt + 1200 completion), 1300 paid, 3900 saved by the cache": what the replies took and what the run paid. */
export function tokensLine(tokens: TokenUsage): string {
  const saved = savedTokens(tokens);
  return `${tokens.totalTokens} (${tokens.promptTokens} prompt + ${tokens.completionTokens} completion), ${tokens.paid.totalTokens} paid${saved > 0 ? `, ${saved} saved by the cache` : ''}`;
}

/** "Context-Split-Tree 1200, negatives 300, ...": the stages that used tokens, in pipeline order. */
export function stageTokensLine(stages: StageTokens): string {
  const used = (Object.keys(STAGE_NAMES) as (keyof StageTokens)[]).filter((stage) => stages[stage].totalTokens > 0);
  return used.length === 0 ? 'none' : used.map((stage) => `${STAGE_NAMES[stage]} ${stages[stage].totalTokens}`).join(', ');
}
