/** The stand-in's Batch API routes: POST /v1/files, GET /v1/files/{id}[/content], POST and GET /v1/batches[/{id}]. */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { batchObject, fileObject, type AnswerLine, type StandinBatches } from '../batches';
import { sendError, sendJson } from '../http';

const CreateBatchSchema = z.object({
  input_file_id: z.string().min(1),
  endpoint: z.enum(['/v1/chat/completions', '/v1/completions']),
  completion_window: z.literal('24h'),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
});

export interface BatchRequest {
  method: string;
  route: string;
  contentType: string;
  body: string;
}

/** Answers a Batch API route; false when the route is not one. */
export async function answerBatchRoute(request: BatchRequest, response: ServerResponse, batches: StandinBatches, answer: AnswerLine): Promise<boolean> {
  const { method, route } = request;
  if (method === 'POST' && route === '/v1/files') {
    const form = await new Response(request.body, { headers: { 'content-type': request.contentType } }).formData().catch(() => undefined);
    const file = form?.get('file');
    const purpose = form?.get('purpose');
    if (!form || !(file instanceof File) || typeof purpose !== 'string') {
      sendError(response, 400, 'expected multipart/form-data with a "file" and a "purpose"');
      return true;
    }
    sendJson(response, 200, fileObject(batches.addFile(file.name, purpose, await file.text())));
    return true;
  }
  const fileRoute = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(route);
  if (method === 'GET' && fileRoute) {
    const file = batches.file(fileRoute[1]!);
    if (!file) sendError(response, 404, `no file ${fileRoute[1]}`);
    else if (fileRoute[2]) {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': Buffer.byteLength(file.content) });
      response.end(file.content);
    } else sendJson(response, 200, fileObject(file));
    return true;
  }
  if (method === 'POST' && route === '/v1/batches') {
    let json: unknown;
    try {
      json = JSON.parse(request.body);
    } catch {
      json = undefined;
    }
    const parsed = CreateBatchSchema.safeParse(json);
    if (!parsed.success) {
      sendError(response, 400, `batch body: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
      return true;
    }
    const batch = batches.create(parsed.data);
    if (typeof batch === 'string') sendError(response, 400, batch);
    else sendJson(response, 200, batchObject(batch));
    return true;
  }
  if (method === 'GET' && route === '/v1/batches') {
    const data = batches.list(answer).map(batchObject);
    sendJson(response, 200, { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: false });
    return true;
  }
  const batchRoute = /^\/v1\/batches\/([^/]+)$/.exec(route);
  if (method === 'GET' && batchRoute) {
    const batch = batches.get(batchRoute[1]!, answer);
    if (!batch) sendError(response, 404, `no batch ${batchRoute[1]}`);
    else sendJson(response, 200, batchObject(batch));
    return true;
  }
  return false;
}
