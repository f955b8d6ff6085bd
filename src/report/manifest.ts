/**
 * The parts of a run's manifest.json (written by finalizeRun) that the report shows beside what it
 * reads from the store: timings, the scorer's held-out accuracy, the models seen, the manifest's own
 * token counts. One minimal schema; each field falls back to "absent" on its own, so a manifest from
 * an older or newer augcon still gives whatever it has. A run still in progress has no manifest.
 */
import { z } from 'zod';

const TokenCountSchema = z.object({ promptTokens: z.number(), completionTokens: z.number(), totalTokens: z.number() });
const UsageSchema = TokenCountSchema.extend({ paid: TokenCountSchema });

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const ReportManifestSchema = z.object({
  workflowId: optional(z.string()),
  timings: optional(z.object({ startedAt: z.string(), finishedAt: z.string(), durationSeconds: z.number() })),
  llm: optional(z.object({ provider: z.string(), configuredModel: z.string(), modelsSeen: z.array(z.string()) })),
  counts: optional(z.object({ nodes: z.number().optional(), parseRetries: z.number().optional(), rootsRepassed: z.number().optional() })),
  tokens: optional(UsageSchema),
  tokensByStage: optional(z.record(z.string(), UsageSchema)),
  scorer: optional(
    z
      .object({
        features: z.string(),
        triples: z.number(),
        negativesFailed: z.number().optional(),
        heldOutTriples: z.number(),
        heldOutPairwiseAccuracy: z.number(),
      })
      .nullable(),
  ),
  answers: optional(z.object({ judgedAccuracy: z.number(), examples: z.number(), demonstrations: z.number(), revised: z.number().optional() }).nullable()),
  llmCache: optional(
    z.object({ hits: z.number(), misses: z.number(), promptTokensSent: z.number().optional(), providerCachedPromptTokens: z.number().optional() }),
  ),
});

export type ReportManifest = z.output<typeof ReportManifestSchema>;

/** Parses manifest.json's text; a file that is not a JSON object gives an error naming the file. */
export function parseManifest(json: string, file = 'manifest.json'): ReportManifest {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = ReportManifestSchema.safeParse(value);
  if (!parsed.success) throw new Error(`${file}: expected a JSON object (the run manifest)`);
  return parsed.data;
}
