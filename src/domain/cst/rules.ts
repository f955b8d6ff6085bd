/**
 * CST settings (SPEC stage 1) with the authors' values as defaults. Lengths are code points and are
 * stated for CJK text; for other scripts they are multiplied by the root's length scale.
 * Pure and Temporal-free; workflows import it for defaults and scaling.
 */
import { z } from 'zod';

export const CstSettingsSchema = z.strictObject({
  /** Contexts of this many characters or fewer are not expanded (no call, no node). @default 20 */
  minChars: z.number().int().min(1).default(20),
  /** Quota: each root should yield floor(len(root) / charsPerPair) pairs (src/domain/quota.ts). @default 35 */
  charsPerPair: z.number().int().min(1).default(35),
  /** Questions shorter than this drop the node. Not scaled. @default 5 */
  minQuestionChars: z.number().int().min(1).default(5),
  /** Unparseable replies are retried this many times with a fresh sample, then the node is dropped. @default 4 */
  maxParseRetries: z.number().int().min(0).max(20).default(4),
  /** Stop recursing when a sub-context drifted from the text (ROUGE-L precision below the threshold). @default true */
  groundingGuard: z.boolean().default(true),
  /** @default 0.7 */
  groundingMinPrecision: z.number().min(0).max(1).default(0.7),
  /**
   * Stop recursing when a sub-context invents content: a number or a name its parent text does not
   * have, or more than `inventedMaxNovelShare` of its content words new to the parent. @default true
   */
  inventedContentGuard: z.boolean().default(true),
  /** @default 0.2 */
  inventedMaxNovelShare: z.number().min(0).max(1).default(0.2),
  /**
   * A reply whose question is not a question (a statement: no question mark, no question word) is
   * resampled like an unparseable reply, then the node is dropped as "not-a-question". @default true
   */
  requireQuestion: z.boolean().default(true),
  /** Safety net on tree depth (the root is depth 0). @default 12 */
  maxDepth: z.number().int().min(0).max(64).default(12),
  /** CST passes per root until it has its quota of candidates. @default 3 */
  maxPasses: z.number().int().min(1).max(20).default(3),
  /** @default 0.85 */
  temperature: z.number().min(0).max(2).default(0.85),
  /** @default 1024 */
  maxTokens: z.number().int().min(16).max(32768).default(1024),
  /** Replaces the default full instruction (the weakened prompts of the scorer stage are unaffected). */
  instruction: z.string().min(10).optional(),
  /** Replaces the default few-shot examples. */
  examples: z
    .array(z.strictObject({ context: z.string().min(1), question: z.string().min(1), context1: z.string().min(1), context2: z.string().min(1) }))
    .min(1)
    .max(20)
    .optional(),
});
export type CstSettings = z.infer<typeof CstSettingsSchema>;

/** The rules the stop-rule check needs, with lengths already scaled for the root's script. */
export interface CstRules {
  minChars: number;
  minQuestionChars: number;
  groundingGuard: boolean;
  groundingMinPrecision: number;
  inventedContentGuard: boolean;
  inventedMaxNovelShare: number;
  requireQuestion: boolean;
  maxDepth: number;
}

export function scaledRules(settings: CstSettings, lengthScale: number): CstRules {
  return {
    minChars: Math.round(settings.minChars * lengthScale),
    minQuestionChars: settings.minQuestionChars,
    groundingGuard: settings.groundingGuard,
    groundingMinPrecision: settings.groundingMinPrecision,
    inventedContentGuard: settings.inventedContentGuard,
    inventedMaxNovelShare: settings.inventedMaxNovelShare,
    requireQuestion: settings.requireQuestion,
    maxDepth: settings.maxDepth,
  };
}
