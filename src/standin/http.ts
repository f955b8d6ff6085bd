/** The stand-in's HTTP plumbing: reading a body, answering JSON. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** An OpenAI-style error body: `{ error: { message, type } }`. */
export function sendError(response: ServerResponse, status: number, message: string, type = 'invalid_request_error'): void {
  sendJson(response, status, { error: { message, type } });
}
