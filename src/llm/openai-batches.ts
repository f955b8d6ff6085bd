/**
 * The OpenAI Batch API through the `openai` package: the lines go up as one JSONL file (purpose
 * "batch"), the batch is created with the name in its metadata (so a submission whose reply was lost
 * is found again instead of being made twice), and the output and error files are read back as JSONL.
 */
import { toFile, type OpenAI } from 'openai';
import type { Batch } from 'openai/resources/batches';
import { z } from 'zod';
import type { BatchApi, BatchableRequest, BatchItemResult, RemoteBatch } from './batch-api';
import type { ChatResponse } from './provider';

/** The metadata field that names a batch (OpenAI metadata values are strings of at most 512 characters). */
export const BATCH_NAME_FIELD = 'augcon_batch';

/** Batches looked through, newest first, to find one by name: a lost submission is minutes old. */
const FIND_LIMIT = 1000;

const OutputLineSchema = z.object({
  custom_id: z.string(),
  response: z.object({ status_code: z.number().int(), body: z.unknown() }).nullable().optional(),
  error: z.object({ code: z.string().nullable().optional(), message: z.string().nullable().optional() }).nullable().optional(),
});

const remote = (batch: Batch): RemoteBatch => ({
  id: batch.id,
  status: batch.status,
  ...(batch.output_file_id ? { outputFileId: batch.output_file_id } : {}),
  ...(batch.error_file_id ? { errorFileId: batch.error_file_id } : {}),
  counts: { total: batch.request_counts?.total ?? 0, completed: batch.request_counts?.completed ?? 0, failed: batch.request_counts?.failed ?? 0 },
});

export function openAiBatchApi(client: OpenAI, bodyOf: (request: BatchableRequest) => object, responseOf: (raw: unknown) => ChatResponse): BatchApi {
  async function readLines(fileId: string): Promise<BatchItemResult[]> {
    const text = await (await client.files.content(fileId)).text();
    const results: BatchItemResult[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const parsed = OutputLineSchema.safeParse(JSON.parse(line));
      if (!parsed.success) continue;
      const { custom_id: customId, response, error } = parsed.data;
      if (response && response.status_code === 200) {
        try {
          results.push({ customId, response: responseOf(response.body) });
        } catch (problem) {
          results.push({ customId, error: (problem as Error).message });
        }
      } else {
        results.push({ customId, error: error?.message ?? `HTTP ${response?.status_code ?? 'error'}: ${JSON.stringify(response?.body ?? null).slice(0, 300)}` });
      }
    }
    return results;
  }

  return {
    async findBatch(name) {
      let seen = 0;
      for await (const batch of client.batches.list({ limit: 100 })) {
        if (batch.metadata?.[BATCH_NAME_FIELD] === name) return remote(batch);
        seen += 1;
        if (seen >= FIND_LIMIT) break;
      }
      return undefined;
    },

    async createBatch(name, lines) {
      const jsonl = lines.map((line) => JSON.stringify({ custom_id: line.customId, method: 'POST', url: '/v1/chat/completions', body: bodyOf(line.request) })).join('\n');
      const file = await client.files.create({ file: await toFile(Buffer.from(`${jsonl}\n`, 'utf8'), `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}.jsonl`), purpose: 'batch' });
      const batch = await client.batches.create({
        input_file_id: file.id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
        metadata: { [BATCH_NAME_FIELD]: name },
      });
      return remote(batch);
    },

    async getBatch(id) {
      return remote(await client.batches.retrieve(id));
    },

    async batchResults(batch) {
      const results: BatchItemResult[] = [];
      for (const fileId of [batch.outputFileId, batch.errorFileId]) if (fileId) results.push(...(await readLines(fileId)));
      return results;
    },
  };
}
