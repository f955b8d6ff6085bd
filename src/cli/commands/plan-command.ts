/**
 * `augcon plan`: reads the corpus here (as a worker would) and estimates, before anything is spent,
 * the roots, LLM calls per stage, tokens and, given prices, the cost. No Temporal, no LLM.
 */
import { readFile } from 'node:fs/promises';
import { parseExampleTriplets } from '../../domain/answer/examples';
import { estimatePlan, type PlanEstimate } from '../../domain/plan/estimate';
import { validateRunInput } from '../../domain/run-input';
import { ingestCorpus } from '../../ingest/ingest-corpus';
import { CliError, EXIT } from '../exit-codes';
import { loadRunInput } from '../run-input-file';

export interface PlanCommandOptions {
  config?: string;
  inputPrice?: number;
  outputPrice?: number;
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
      ? { inputPerMillion: options.inputPrice ?? 0, outputPerMillion: options.outputPrice ?? 0 }
      : undefined;
  return estimatePlan(
    corpus.roots.map((root) => ({ chars: root.chars, lengthScale: root.lengthScale, script: root.script })),
    settings,
    { ...(examples === undefined ? {} : { examples }), ...(prices ? { prices } : {}) },
  );
}

export function formatPlan(plan: PlanEstimate): string {
  const row = (stage: string, calls: number | string, prompt: number | string, completion: number | string) =>
    `  ${stage.padEnd(34)}${String(calls).padStart(10)}${String(prompt).padStart(15)}${String(completion).padStart(18)}`;
  return [
    `Plan: ${plan.roots} root contexts (${plan.rootChars} characters), quota ${plan.quota} questions`,
    row('stage', 'LLM calls', 'prompt tokens', 'completion tokens'),
    row(`CST (${plan.cst.rootsRepassed} roots with more passes)`, plan.cst.calls, plan.cst.promptTokens, plan.cst.completionTokens),
    row('scorer negatives', plan.negatives.calls, plan.negatives.promptTokens, plan.negatives.completionTokens),
    row('self-improvement', plan.selfImprovement.calls, plan.selfImprovement.promptTokens, plan.selfImprovement.completionTokens),
    row(`answers (${plan.answers.keptQuestions} kept questions)`, plan.answers.calls, plan.answers.promptTokens, plan.answers.completionTokens),
    row('total', plan.total.calls, plan.total.promptTokens, plan.total.completionTokens),
    plan.total.costUsd === undefined ? '  cost: give --input-price and --output-price (USD per million tokens)' : `  cost: about $${plan.total.costUsd.toFixed(2)}`,
    '  An estimate from the corpus and settings (trees halve each context; see src/domain/plan/estimate.ts), not a bound.',
  ].join('\n');
}

export async function planCommand(paths: string[], options: PlanCommandOptions): Promise<void> {
  const plan = await planRun(paths, options);
  console.log(options.json ? JSON.stringify(plan, null, 2) : formatPlan(plan));
}
