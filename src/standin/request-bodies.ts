/** The request bodies the stand-in accepts, as the `openai` package sends them. */
import { z } from 'zod';

const ContentSchema = z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() })).transform((parts) => parts.map((part) => part.text ?? '').join(''))]);

export const ChatBodySchema = z.object({
  model: z.string().min(1),
  messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant', 'developer', 'tool']), content: ContentSchema.nullable() })).min(1),
  seed: z.number().int().optional(),
  temperature: z.number().optional(),
  max_tokens: z.number().int().optional(),
  response_format: z.object({ type: z.string(), json_schema: z.unknown().optional() }).optional(),
});
export type ChatBody = z.infer<typeof ChatBodySchema>;

export const CompletionBodySchema = z.object({ model: z.string().min(1), prompt: z.string(), seed: z.number().int().optional(), temperature: z.number().optional() });

export const EmbeddingBodySchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string())]),
  /** The openai package asks for base64 (little-endian float32) by default. */
  encoding_format: z.enum(['float', 'base64']).optional(),
});
