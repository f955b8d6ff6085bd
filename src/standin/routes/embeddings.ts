/** POST /v1/embeddings: deterministic unit-length vectors (embeddings.ts), float or base64 as asked. */
import type { ServerResponse } from 'node:http';
import { approximateTokens } from '../../domain/text/tokens';
import { finishCall, type CallRecord } from '../call-record';
import { embedText } from '../embeddings';
import { sendError, sendJson } from '../http';
import { EmbeddingBodySchema } from '../request-bodies';
import { STANDIN_MODEL } from './completions';

const encodeEmbedding = (vector: number[], format: 'float' | 'base64' | undefined) =>
  format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;

export function answerEmbeddings(body: Record<string, unknown>, record: CallRecord, response: ServerResponse): void {
  const parsed = EmbeddingBodySchema.safeParse(body);
  if (!parsed.success) {
    finishCall(record, 'invalid-request', 400);
    return sendError(response, 400, parsed.error.message);
  }
  const inputs = typeof parsed.data.input === 'string' ? [parsed.data.input] : parsed.data.input;
  record.promptTokens = inputs.reduce((sum, input) => sum + approximateTokens(input), 0);
  finishCall(record, 'ok', 200);
  sendJson(response, 200, {
    object: 'list',
    model: STANDIN_MODEL,
    data: inputs.map((input, index) => ({ object: 'embedding', index, embedding: encodeEmbedding(embedText(input), parsed.data.encoding_format) })),
    usage: { prompt_tokens: record.promptTokens, total_tokens: record.promptTokens },
  });
}
