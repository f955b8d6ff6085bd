/**
 * `augcon plan`: reads the corpus here (as a worker would) and estimates, before anything is spent,
 * the roots, LLM calls per stage, tokens and, given prices, the cost. No Temporal, no LLM.
 */
import { readFile } from 'node:fs/promises';
import { parseExampleTriplets } from '../../domain/answer/examples';
import { estimatePlan, type CallsAndTokens, type PlanEstimate } from '../../domain/plan/estimate';
import { validateRunInput } from '../../domain/run-input';
import { ingestCorpus } from '../../ingest/ingest-corpus';
import { CliError, EXIT } from '../exit-codes';
import { loadRunInput } from '../run-input-file';

export interface PlanCommandOptions {
  config?: string;
  inputPrice?: number;
  outputPrice?: number;
  /** USD per million prompt tokens served from the provider's prompt cache (the shared prefixes). */
  cachedInputPrice?: number;
  /** The share of the price the Batch API takes off, for a run in batch mode. @default 0.5 */
  batchDiscount?: number;
  json?: boolean;
}

export async function planRun(paths: string[], options: PlanCommandOptions): Promise<PlanEstimate> {
  const input = await loadRunInput(options.config, { paths });
  const validation = validateRunInput(input);
  if (!validation.ok) throw new CliError(validation.message, EXIT.invalidInput);
  const settings = validation.settings;
  const corpus = await ingestCorpus({ ...settings.corpus, ...settings.roots });
  if (corpus.roots.length === 0) {
    const errors = corpus.diagnostics.filter((d) => d.severity === 'error').slice(0, 5).map((d) => `  ${d.message}`);
    throw new CliError([`the corpus (${settings.corpus.paths.join(', ')}) has no root context to plan for:`, ...errors].join('\n'), EXIT.invalidInput);
  }
  let examples: number | undefined;
  if (settings.answers.examplesFile) {
    const parsed = parseExampleTriplets(await readFile(settings.answers.examplesFile, 'utf8'), settings.answers.examplesFile);
    if (!parsed.ok) throw new CliError(`answers.examplesFile: ${parsed.message}`, EXIT.invalidInput);
    examples = parsed.examples.length;
  }
  const prices =
    options.inputPrice !== undefined || options.outputPrice !== undefined
      ? {
          inputPerMillion: options.inputPrice ?? 0,
          outputPerMillion: options.outputPrice ?? 0,
          ...(options.cachedInputPrice === undefined ? {} : { cachedInputPerMillion: options.cachedInputPrice }),
          ...(options.batchDiscount === undefined ? {} : { batchDiscount: options.batchDiscount }),
        }
      : undefined;
  return estimatePlan(
    corpus.roots.map((root) => ({ chars: root.chars, lengthScale: root.lengthScale, script: root.script })),
    settings,
    { ...(examples === undefined ? {} : { examples }), ...(prices ? { prices } : {}) },
  );
}

/** OpenAI caches a prompt prefix only from this many tokens on (other providers: from 64 to 2,048). */
const OPENAI_CACHE_MIN_TOKENS = 1024;

export function formatPlan(plan: PlanEstimate, options: Pick<PlanCommandOptions, 'cachedInputPrice'> = {}): string {
  const row = (stage: string, calls: number | string, prompt: number | string, shared: number | string, completion: number | string) =>
    `  ${stage.padEnd(34)}${String(calls).padStart(10)}${String(prompt).padStart(15)}${String(shared).padStart(18)}${String(completion).padStart(19)}`;
  const stageRow = (stage: string, tokens: CallsAndTokens) => row(stage, tokens.calls, tokens.promptTokens, tokens.sharedPrefixTokens, tokens.completionTokens);
  const { tokensPerCall, share } = plan.cstPrefix;
  const cost =
    plan.total.costUsd === undefined
      ? '  cost: give --input-price and --output-price (USD per million tokens), and --cached-input-price for prompt-cache hits'
      : `  cost: about $${plan.total.costUsd.toFixed(2)}${options.cachedInputPrice === undefined ? ' (every prompt token at the input price; --cached-input-price prices the shared prefixes)' : ' (shared-prefix tokens at the cached-input price)'}` +
        (plan.total.batchDiscount === undefined ? '' : `, batch mode: ${Math.round(plan.total.batchDiscount * 100)}% off (--batch-discount)`);
  return [
    `Plan: ${plan.roots} root contexts (${plan.rootChars} characters), quota ${plan.quota} questions`,
    row('stage', 'LLM calls', 'prompt tokens', 'in shared prefix', 'completion tokens'),
    stageRow(`CST (${plan.cst.rootsRepassed} roots with more passes)`, plan.cst),
    stageRow('scorer negatives', plan.negatives),
    stageRow('self-improvement', plan.selfImprovement),
    stageRow(`answers (${plan.answers.keptQuestions} kept questions)`, plan.answers),
    stageRow('total', plan.total),
    `  CST prompts: ${Math.round(share * 100)}% of their tokens are a prefix every call shares (${tokensPerCall} tokens a call)` +
      (tokensPerCall < OPENAI_CACHE_MIN_TOKENS ? `, under the ${OPENAI_CACHE_MIN_TOKENS} tokens OpenAI caches from (there CST prompts pay in full; more examples would reach it)` : ''),
    cost,
    '  An estimate from the corpus and settings (trees halve each context; see src/domain/plan/estimate.ts), not a bound.',
  ].join('\n');
}

export async function planCommand(paths: string[], options: PlanCommandOptions): Promise<void> {
  const plan = await planRun(paths, options);
  console.log(options.json ? JSON.stringify(plan, null, 2) : formatPlan(plan, options));
}
