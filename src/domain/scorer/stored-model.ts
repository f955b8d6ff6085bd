/**
 * The scorer as stored in the run store: the trained model (artifact "scorer-model", also exported
 * as the run directory's scorer/model.json) and the header of the training checkpoint. Both are read
 * back through these schemas, so a damaged artifact fails naming the field.
 */
import { z } from 'zod';
import { featureDimension, type FeatureSettings } from './features';
import type { EpochMetrics } from './train';

export const FeatureSettingsSchema = z.object({
  hashBits: z.number().int().min(1).max(30),
  embeddingDimension: z.number().int().nonnegative().optional(),
}) satisfies z.ZodType<FeatureSettings>;

export const EpochMetricsSchema = z.object({
  epoch: z.number().int().positive(),
  trainLoss: z.number(),
  heldOutLoss: z.number(),
  heldOutAccuracy: z.number(),
}) satisfies z.ZodType<EpochMetrics>;

export const ScorerModelSchema = z.object({
  version: z.literal(1),
  /** "offline" or "embeddings:<model>". */
  features: z.string(),
  featureSettings: FeatureSettingsSchema,
  /** Non-zero weights as [index, value]. */
  weights: z.array(z.tuple([z.number().int().nonnegative(), z.number()])),
  metrics: z.array(EpochMetricsSchema),
}).superRefine((model, context) => {
  const dimension = featureDimension(model.featureSettings);
  const outside = model.weights.findIndex(([index]) => index >= dimension);
  if (outside >= 0) context.addIssue({ code: 'custom', path: ['weights', outside, 0], message: `index ${model.weights[outside]![0]} is outside the model's ${dimension} features` });
});
export type ScorerModel = z.output<typeof ScorerModelSchema>;

/** The checkpoint's first line; weights and both Adam moments follow as base64 float64. */
export const CheckpointHeaderSchema = z.object({
  epochsDone: z.number().int().nonnegative(),
  step: z.number().int().nonnegative(),
  dimension: z.number().int().positive(),
  /** Identifies the training data and settings: a checkpoint of other data is never resumed. */
  fingerprint: z.string(),
  history: z.array(EpochMetricsSchema),
});
export type CheckpointHeader = z.output<typeof CheckpointHeaderSchema>;
