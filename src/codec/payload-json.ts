/**
 * The codec server's wire format: `{ "payloads": [...] }`, each a temporal.api.common.v1.Payload in
 * proto3 JSON (metadata values and data as base64 strings), as the Temporal Web UI and CLI send it.
 */
import type { Payload } from '@temporalio/common';
import { z } from 'zod';

const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'expected base64');

const JsonPayloadSchema = z.object({
  metadata: z.record(z.string(), base64).nullish(),
  data: base64.nullish(),
});

export const PayloadsBodySchema = z.object({ payloads: z.array(JsonPayloadSchema) });

export type JsonPayload = z.infer<typeof JsonPayloadSchema>;

export class PayloadsBodyError extends Error {
  override name = 'PayloadsBodyError';
}

/** Parses a request body into payloads. @throws PayloadsBodyError naming what is wrong and where. */
export function parsePayloadsBody(body: string): Payload[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new PayloadsBodyError(`the body is not JSON (${(error as Error).message}): expected {"payloads": [{"metadata": {...}, "data": "<base64>"}]}`);
  }
  const parsed = PayloadsBodySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
    throw new PayloadsBodyError(`${path}: ${issue.message}; expected {"payloads": [{"metadata": {"<key>": "<base64>"}, "data": "<base64>"}]}`);
  }
  return parsed.data.payloads.map(fromJsonPayload);
}

export function fromJsonPayload(payload: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
    data: Buffer.from(payload.data ?? '', 'base64'),
  };
}

/** proto3 JSON: bytes as standard base64, empty data left out. */
export function toJsonPayload(payload: Payload): JsonPayload {
  const metadata = Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]));
  return payload.data && payload.data.length > 0 ? { metadata, data: Buffer.from(payload.data).toString('base64') } : { metadata };
}
