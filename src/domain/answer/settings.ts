/**
 * Settings of self-improvement and answering (SPEC stage 3), with the authors' choices as defaults
 * where they made one. Pure and Temporal-free; workflows import it for defaults.
 */
import { z } from 'zod';
import { EXAMPLES_LIMIT, ExampleTripletSchema } from './examples';

export const PrincipleSettingsSchema = z.strictObject({
  /** Principles added after the defaults (or after `replace`). @default [] */
  extra: z.array(z.string().trim().min(1, 'a principle is empty')).default([]),
  /** Principles that replace the three defaults; absent: the defaults for the corpus language. */
  replace: z.array(z.string().trim().min(1, 'a principle is empty')).min(1, 'give at least one principle, or leave "replace" out').optional(),
});

export const AnswerSettingsSchema = z.strictObject({
  /** Answer the kept questions (SPEC stage 3) and export the dataset. @default true */
  enabled: z.boolean().default(true),
  /**
   * A JSONL file of example triplets `{context, question, answer}` on the workers' file system, read
   * and validated when the stage starts (errors name the file, line and field). Instead of `examples`.
   */
  examplesFile: z.string().trim().min(1, 'give a path, or leave "examplesFile" out').optional(),
  /** Sampling temperature of answers (the authors' value). @default 0.2 */
  temperature: z.number().min(0).max(2).default(0.2),
  /** Length limit of one answer reply, reasoning included, in tokens (never the 150 the authors' library defaulted to). @default 512 */
  maxAnswerTokens: z.number().int().min(16).max(32768).default(512),
  /** Demonstrations shown to the answer program: passing traces topped up with raw examples. @default 3 */
  demonstrations: z.number().int().min(0).max(20).default(3),
  /** Bootstrapping rounds over the examples that have not passed yet (the authors ran one). @default 1 */
  rounds: z.number().int().min(1).max(10).default(1),
  /** Candidate demonstration sets compared by judged accuracy on held-out examples. @default 1 */
  candidateSets: z.number().int().min(1).max(20).default(1),
  /** One critique-and-revise round per answer, checking faithfulness to the context. @default false */
  critique: z.boolean().default(false),
  /** System prompt written into every training record; absent: records have no system turn. */
  systemPrompt: z.string().trim().min(1, 'the system prompt is empty (leave it out for none)').optional(),
  /** @default { extra: [] } */
  principles: PrincipleSettingsSchema.default({ extra: [] }),
  /**
   * The human example triplets (5 to 10 recommended); absent: the project's defaults for the corpus
   * language. A JSONL file is read with `parseExampleTriplets` and its triplets passed here.
   */
  examples: z.array(ExampleTripletSchema).min(EXAMPLES_LIMIT.min).max(EXAMPLES_LIMIT.max).optional(),
  /** An answer reply that cannot be parsed is sampled again (a fresh seed) this many times, then recorded as failed. @default 2 */
  parseRetries: z.number().int().min(0).max(10).default(2),
  /** A judge reply that is neither yes nor no is asked again this many times, then counted as a failure. @default 2 */
  judgeRetries: z.number().int().min(0).max(10).default(2),
});

export const DatasetSettingsSchema = z.strictObject({
  /** Dataset name in the dataset card and LLaMA-Factory's dataset_info.json; absent: the run name. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'use letters, digits, ".", "_" and "-" (at most 128)')
    .optional(),
  /** Licence identifier written into the dataset card (a Hugging Face licence id). @default "other" */
  licence: z.string().trim().min(1).default('other'),
  /** One paragraph describing the source corpus, for the dataset card. */
  description: z.string().trim().min(1).optional(),
  /**
   * With a name, a run is the next version of the dataset; when its settings match the previous
   * version's, roots whose text is unchanged are carried forward (no LLM call), the previous scorer
   * and demonstrations are reused, and only new or changed roots are generated. @default true
   */
  incremental: z.boolean().default(true),
  /** Train a new scorer on a refresh instead of reusing the previous version's. @default false */
  retrainScorer: z.boolean().default(false),
});

export type AnswerSettingsInput = z.input<typeof AnswerSettingsSchema>;
export type AnswerSettings = z.output<typeof AnswerSettingsSchema>;
