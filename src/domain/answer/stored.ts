/**
 * What the answer stage stores and reads back: the run's setup and demonstration artifacts and an
 * answer's critique column. Every read goes through these schemas (parseStoredJson), so a damaged
 * value fails naming the artifact or row and the field.
 */
import { z } from 'zod';
import { ExampleTripletSchema } from './examples';
import type { ChosenDemonstration } from './self-improvement';

/** The answer stage's artifact names in the run store. */
export const SETUP_ARTIFACT = 'answer-setup';
export const DEMONSTRATIONS_ARTIFACT = 'demonstrations';
export const candidateSetArtifact = (setIndex: number): string => `demonstration-set-${setIndex}`;

const PromptLanguageSchema = z.enum(['en', 'zh']);

/** What the answer stage works from, resolved once per run and stored (artifact "answer-setup"). */
export const AnswerSetupSchema = z.object({
  language: PromptLanguageSchema,
  examplesSource: z.string(),
  examples: z.array(ExampleTripletSchema),
  principles: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type AnswerSetup = z.output<typeof AnswerSetupSchema>;

export const ChosenDemonstrationSchema = z.object({
  context: z.string(),
  question: z.string(),
  answer: z.string(),
  reasoning: z.string().optional(),
  source: z.enum(['trace', 'raw']),
  exampleIndex: z.number().int().nonnegative(),
}) satisfies z.ZodType<ChosenDemonstration>;

/** One candidate set's demonstrations (artifact "demonstration-set-<n>"). */
export const CandidateDemonstrationsSchema = z.object({ demonstrations: z.array(ChosenDemonstrationSchema) });

const JudgedSet = { judged: z.number().int().nonnegative(), passed: z.number().int().nonnegative() };

/** The demonstrations every answer is shown, with how they were chosen (artifact "demonstrations"). */
export const ChosenDemonstrationsSchema = z.object({
  setIndex: z.number().int().nonnegative(),
  /** Judged accuracy of the chosen set: on its held-out examples with several candidate sets, else the bootstrap pass rate. */
  judgedAccuracy: z.number(),
  ...JudgedSet,
  candidates: z.array(z.object({ setIndex: z.number().int().nonnegative(), demonstrations: z.array(ChosenDemonstrationSchema), accuracy: z.number(), ...JudgedSet })),
  demonstrations: z.array(ChosenDemonstrationSchema),
});
export type ChosenDemonstrations = z.output<typeof ChosenDemonstrationsSchema>;

/** An answer's critique-and-revise round, as stored with the answer (column critique_json). */
export const AnswerCritiqueSchema = z.object({ faithful: z.boolean(), problems: z.string(), revised: z.boolean(), firstAnswer: z.string().optional() });
export type AnswerCritique = z.output<typeof AnswerCritiqueSchema>;
