/**
 * `augcon plan`: what a run will ask of the LLM, before anything is spent, from the corpus's root
 * contexts and the run settings. Pure arithmetic over a model of each stage:
 * - CST: a node of length L > minChars costs one call and splits into two halves, down to minChars or
 *   the depth cap (the sub-contexts of a real split are about half each); later passes only for the
 *   roots whose expected kept questions (nodes less the expected duplicates) stay under quota;
 * - negatives: 3 x min(triplesPerType, floor(first-pass candidates / 3)) when the scorer is on;
 * - self-improvement: an answer and a judge per example, candidate set and round (the first round;
 *   later rounds only retry failures), plus the held-out evaluation of several candidate sets;
 * - answers: one per expected kept question (min(quota, nodes less duplicates) per root), doubled by the
 *   critique round.
 * Tokens are estimated from the prompt texts themselves (one per CJK character, one per 4 others).
 *
 * Prompt caching (issue 12): every prompt family puts its static part (instruction, examples,
 * principles, demonstrations) in the messages before the last, byte-identical across a run's calls,
 * and the variable part (context, question) in the last message. `sharedPrefixTokens` counts the
 * prompt tokens in such a prefix: what a provider's prompt cache can serve, billed at the cached-input
 * price when one is given. Self-improvement is left out (each candidate set has its own prefix).
 */
import { buildAnswerMessages } from '../answer/prompt';
import { defaultPrinciples } from '../answer/principles';
import { defaultAnswerExamples } from '../answer/examples';
import { defaultCstExamples, type CstExample } from '../cst/examples';
import { buildCstMessages, type PromptLanguage } from '../cst/prompt';
import { rootQuota } from '../quota';
import type { RunSettings } from '../run-input';
import { cacheablePrefix, type ChatMessage } from '../chat';
import { approximateMessagesTokens } from '../text/tokens';

export interface PlannedRoot {
  chars: number;
  lengthScale: number;
  script: 'cjk' | 'latin';
}

export interface PlanOptions {
  /** Human example triplets the run will use. @default 6 (the built-in defaults) */
  examples?: number;
  /** Share of CST candidates the ROUGE-L filter finds to be duplicates. @default 0.1 */
  duplicateRate?: number;
  /**
   * USD per million prompt / completion tokens, for the cost line; `cachedInputPerMillion` prices the
   * prompt tokens of a shared prefix (what providers charge for a prompt-cache hit). Without it every
   * prompt token costs the input price.
   */
  prices?: { inputPerMillion: number; outputPerMillion: number; cachedInputPerMillion?: number; batchDiscount?: number };
}

/** What the Batch API takes off the price (OpenAI and Anthropic: half), for a run in batch mode. */
export const DEFAULT_BATCH_DISCOUNT = 0.5;

export interface CallsAndTokens {
  calls: number;
  promptTokens: number;
  /** Of promptTokens, those in a prefix that every call of the stage shares byte for byte. */
  sharedPrefixTokens: number;
  completionTokens: number;
}

export interface PlanEstimate {
  roots: number;
  rootChars: number;
  quota: number;
  cst: CallsAndTokens & { firstPassCalls: number; rootsRepassed: number };
  negatives: CallsAndTokens;
  selfImprovement: CallsAndTokens;
  answers: CallsAndTokens & { keptQuestions: number; critiqueCalls: number };
  /** With prices: the cost; for a run in batch mode at the Batch API's discount (`batchDiscount`, the share taken off). */
  total: CallsAndTokens & { totalTokens: number; costUsd?: number; batchDiscount?: number };
  /** The CST prompt's shared prefix: tokens per call (the largest over the corpus's languages) and its share of CST prompt tokens. */
  cstPrefix: { tokensPerCall: number; share: number };
}

const DEFAULT_EXAMPLES = 6;
const DEFAULT_DUPLICATE_RATE = 0.1;
/** Tokens of a reasoning-and-answer reply, of a yes/no verdict. */
const ANSWER_REPLY_TOKENS = 120;
const JUDGE_TOKENS = { prompt: 250, completion: 5 };

const languageOf = (script: PlannedRoot['script']): PromptLanguage => (script === 'cjk' ? 'zh' : 'en');

/** Lengths of the CST nodes of one pass over a root: halving from the root down to minChars or the depth cap. */
export function cstNodeLengths(chars: number, minChars: number, maxDepth: number): number[] {
  const lengths: number[] = [];
  const visit = (length: number, depth: number) => {
    if (length <= minChars || depth > maxDepth) return;
    lengths.push(length);
    visit(length / 2, depth + 1);
    visit(length / 2, depth + 1);
  };
  visit(chars, 0);
  return lengths;
}

/** Tokens of a prompt whose context is `contextChars` long, from the real prompt text. */
function promptTokens(fixedTokens: number, contextChars: number, script: PlannedRoot['script']): number {
  return fixedTokens + (script === 'cjk' ? Math.round(contextChars) : Math.ceil(contextChars / 4));
}

/** A prompt's tokens with an empty context: all of them, and those of the messages before the last (its static prefix). */
interface FixedTokens {
  all: number;
  prefix: number;
}

function fixedTokens(messages: readonly ChatMessage[]): FixedTokens {
  return { all: approximateMessagesTokens(messages), prefix: approximateMessagesTokens(cacheablePrefix(messages)) };
}

function fixedPromptTokens(settings: RunSettings, language: PromptLanguage) {
  const cstPrompt = (instruction: 'full' | 'terse', examples?: readonly CstExample[]) =>
    fixedTokens(buildCstMessages({ context: '', language, format: 'json', instruction, customInstruction: settings.cst.instruction, examples }));
  const allExamples = settings.cst.examples ?? defaultCstExamples(language);
  // The three weakened prompts of the scorer's negatives, a third of the triples each.
  const variants = [cstPrompt('terse', allExamples), cstPrompt('full', allExamples.slice(0, 1)), cstPrompt('terse', allExamples.slice(0, 1))];
  const third = (key: keyof FixedTokens) => Math.round(variants.reduce((sum, variant) => sum + variant[key], 0) / variants.length);
  const examples = settings.answers.examples ?? defaultAnswerExamples(language);
  const answer = fixedTokens(
    buildAnswerMessages({
      principles: settings.answers.principles.replace ?? [...defaultPrinciples(language), ...settings.answers.principles.extra],
      demonstrations: examples.slice(0, settings.answers.demonstrations),
      context: '',
      question: '',
      language,
    }),
  );
  return { cst: cstPrompt('full', settings.cst.examples), weakened: { all: third('all'), prefix: third('prefix') }, answer };
}

export function estimatePlan(roots: readonly PlannedRoot[], settings: RunSettings, options: PlanOptions = {}): PlanEstimate {
  const duplicateRate = options.duplicateRate ?? DEFAULT_DUPLICATE_RATE;
  const examples = options.examples ?? settings.answers.examples?.length ?? DEFAULT_EXAMPLES;
  const fixed = { en: fixedPromptTokens(settings, 'en'), zh: fixedPromptTokens(settings, 'zh') };
  const scorerOn = settings.scorer.enabled;
  const plan: PlanEstimate = {
    roots: roots.length,
    rootChars: 0,
    quota: 0,
    cst: { calls: 0, promptTokens: 0, sharedPrefixTokens: 0, completionTokens: 0, firstPassCalls: 0, rootsRepassed: 0 },
    negatives: { calls: 0, promptTokens: 0, sharedPrefixTokens: 0, completionTokens: 0 },
    selfImprovement: { calls: 0, promptTokens: 0, sharedPrefixTokens: 0, completionTokens: 0 },
    answers: { calls: 0, promptTokens: 0, sharedPrefixTokens: 0, completionTokens: 0, keptQuestions: 0, critiqueCalls: 0 },
    total: { calls: 0, promptTokens: 0, sharedPrefixTokens: 0, completionTokens: 0, totalTokens: 0 },
    cstPrefix: { tokensPerCall: 0, share: 0 },
  };
  let firstPassPrefixTokens = 0;
  let answerPrefixTokens = 0;
  let firstPassContextTokens = 0;
  let firstPassCompletionTokens = 0;
  let averageAnswerContext = 0;

  for (const root of roots) {
    const language = languageOf(root.script);
    const quota = rootQuota(root.chars, settings.cst, root.lengthScale);
    const lengths = cstNodeLengths(root.chars, settings.cst.minChars * root.lengthScale, settings.cst.maxDepth);
    const perPassKept = lengths.length * (scorerOn ? 1 - duplicateRate : 1);
    // With the scorer, passes alternate with filtering until the kept questions reach the quota;
    // without it, passes run until the candidates do.
    const passes = lengths.length === 0 ? 1 : Math.min(settings.cst.maxPasses, Math.max(1, Math.ceil(quota / Math.max(perPassKept, 1e-9))));
    const nodePrompt = lengths.reduce((sum, length) => sum + promptTokens(fixed[language].cst.all, length, root.script), 0);
    // A reply repeats the context in two halves and adds a question.
    const nodeCompletion = lengths.reduce((sum, length) => sum + promptTokens(20, length, root.script), 0);
    plan.rootChars += root.chars;
    plan.quota += quota;
    plan.cst.firstPassCalls += lengths.length;
    plan.cst.calls += lengths.length * passes;
    plan.cst.rootsRepassed += passes > 1 ? 1 : 0;
    plan.cst.promptTokens += nodePrompt * passes;
    plan.cst.sharedPrefixTokens += lengths.length * passes * fixed[language].cst.prefix;
    if (lengths.length > 0) plan.cstPrefix.tokensPerCall = Math.max(plan.cstPrefix.tokensPerCall, fixed[language].cst.prefix);
    plan.cst.completionTokens += nodeCompletion * passes;
    firstPassContextTokens += nodePrompt - lengths.length * fixed[language].cst.all + lengths.length * fixed[language].weakened.all;
    firstPassPrefixTokens += lengths.length * fixed[language].weakened.prefix;
    firstPassCompletionTokens += nodeCompletion;
    const kept = scorerOn ? Math.min(quota, Math.floor(perPassKept * passes)) : lengths.length * passes;
    plan.answers.keptQuestions += kept;
    // Kept questions spread over the tree's levels: on average a node context is a fifth of the root.
    averageAnswerContext += kept * promptTokens(fixed[language].answer.all, root.chars / 5, root.script);
    answerPrefixTokens += kept * fixed[language].answer.prefix;
  }

  if (scorerOn) {
    const triples = 3 * Math.min(settings.scorer.triplesPerType, Math.floor(plan.cst.firstPassCalls / 3));
    const share = plan.cst.firstPassCalls > 0 ? triples / plan.cst.firstPassCalls : 0;
    // A negative's reply is a whole CST reply too (its sub-contexts are simply not expanded).
    plan.negatives = {
      calls: triples,
      promptTokens: Math.round(firstPassContextTokens * share),
      sharedPrefixTokens: Math.round(firstPassPrefixTokens * share),
      completionTokens: Math.round(firstPassCompletionTokens * share),
    };
  }
  if (settings.answers.enabled) {
    const sets = settings.answers.candidateSets;
    const evaluation = sets > 1 ? sets * Math.max(0, examples - settings.answers.demonstrations) : 0;
    const runs = examples * sets + evaluation;
    const answerPrompt = fixed.en.answer.all + 100;
    plan.selfImprovement = {
      calls: 2 * runs,
      promptTokens: runs * (answerPrompt + JUDGE_TOKENS.prompt),
      sharedPrefixTokens: 0,
      completionTokens: runs * (ANSWER_REPLY_TOKENS + JUDGE_TOKENS.completion),
    };
    const critique = settings.answers.critique ? plan.answers.keptQuestions : 0;
    plan.answers.critiqueCalls = critique;
    plan.answers.calls = plan.answers.keptQuestions + critique;
    plan.answers.promptTokens = Math.round(averageAnswerContext) * (critique ? 2 : 1);
    // The critique prompt is another family; only the answer calls share the answer prefix.
    plan.answers.sharedPrefixTokens = answerPrefixTokens;
    plan.answers.completionTokens = (plan.answers.keptQuestions + critique) * ANSWER_REPLY_TOKENS;
  } else {
    plan.answers.keptQuestions = 0;
  }

  for (const stage of [plan.cst, plan.negatives, plan.selfImprovement, plan.answers]) {
    plan.total.calls += stage.calls;
    plan.total.promptTokens += stage.promptTokens;
    plan.total.sharedPrefixTokens += stage.sharedPrefixTokens;
    plan.total.completionTokens += stage.completionTokens;
  }
  plan.total.totalTokens = plan.total.promptTokens + plan.total.completionTokens;
  plan.cstPrefix.share = plan.cst.promptTokens > 0 ? Math.round((plan.cst.sharedPrefixTokens / plan.cst.promptTokens) * 1000) / 1000 : 0;
  if (options.prices) {
    const { inputPerMillion, outputPerMillion, cachedInputPerMillion = inputPerMillion, batchDiscount = DEFAULT_BATCH_DISCOUNT } = options.prices;
    const cached = plan.total.sharedPrefixTokens;
    const cost = ((plan.total.promptTokens - cached) * inputPerMillion + cached * cachedInputPerMillion + plan.total.completionTokens * outputPerMillion) / 1e6;
    const batched = settings.llm.mode === 'batch';
    plan.total.costUsd = Math.round(cost * (batched ? 1 - batchDiscount : 1) * 100) / 100;
    if (batched) plan.total.batchDiscount = batchDiscount;
  }
  return plan;
}
