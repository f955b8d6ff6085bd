/**
 * A codec server (Temporal's remote codec protocol) so the Temporal Web UI and CLI can show encrypted
 * payloads to the people who run it with the key:
 *
 * - `POST …/encode` and `POST …/decode` take and return `{"payloads": [...]}` in proto3 JSON; only the
 *   last path segment counts, so the server can sit under any prefix (e.g. `/default/decode`);
 * - a browser may call it only from the allowed origins (the Web UI, http://localhost:8233 by default; `augcon codec-server` passes the configured one),
 *   with a CORS preflight; the UI sends `Content-Type`, `X-Namespace` and, if so configured, `Authorization`;
 * - with a token set, every encode/decode must carry `Authorization: Bearer <token>` (401 otherwise);
 * - a body that is not the expected JSON, or payloads the codec refuses, are a 400 with a message.
 *
 * It listens on 127.0.0.1 unless told otherwise: whoever reaches it can decrypt.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PayloadCodec } from '@temporalio/common';
import { parsePayloadsBody, PayloadsBodyError, toJsonPayload } from './payload-json';
import { temporalUiOrigins } from '../client/temporal-ui';

/** The Temporal dev server's Web UI. */
/** The local dev server's Web UI at its default port; the codec-server command passes the configured UI's origins. */
export const DEFAULT_UI_ORIGINS = temporalUiOrigins({});

export const DEFAULT_CODEC_SERVER_PORT = 8888;

const ALLOWED_HEADERS = 'Content-Type, X-Namespace, Authorization';

export interface CodecServerOptions {
  /** 0 takes any free port. @default 8888 */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  codec: PayloadCodec;
  /** Browser origins allowed to call the server (the Web UI's address). @default DEFAULT_UI_ORIGINS */
  allowedOrigins?: string[];
  /** When set, encode and decode require `Authorization: Bearer <token>`. @default undefined (no check) */
  token?: string;
  /** Largest request body accepted. @default 32 MiB */
  maxBodyBytes?: number;
  /** Told about every request that fails (never given payload contents). */
  onError?: (failure: { method: string; path: string; status: number; message: string }) => void;
}

export interface CodecServer {
  /** The endpoint to give the Web UI (`http://host:port`, no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** An origin as browsers send it: scheme://host[:port], no path, no trailing slash. */
export function normalizeOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new RangeError(`"${origin}" is not an origin: expected e.g. http://localhost:8233`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RangeError(`"${origin}" is not an http(s) origin: expected e.g. http://localhost:8233`);
  return url.origin;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function authorized(request: IncomingMessage, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `the body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    response.writeHead(status, headers).end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) }).end(text);
}

export async function startCodecServer(options: CodecServerOptions): Promise<CodecServer> {
  const { codec, token } = options;
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const origins = new Set((options.allowedOrigins ?? DEFAULT_UI_ORIGINS).map(normalizeOrigin));
  if (token !== undefined && token.length === 0) throw new RangeError('the codec server token is empty: leave it unset for no token check');

  async function handle(request: IncomingMessage, response: ServerResponse, cors: Record<string, string>): Promise<void> {
    const method = request.method ?? 'GET';
    if (method === 'OPTIONS') {
      // A preflight carries no credentials: answer it without the token check.
      const preflight: Record<string, string> = {
        ...cors,
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
      };
      // Chrome asks before a public page (e.g. a hosted UI) may call a server on this machine.
      if (request.headers['access-control-request-private-network'] === 'true') preflight['Access-Control-Allow-Private-Network'] = 'true';
      send(response, 204, undefined, preflight);
      return;
    }
    const operation = new URL(request.url ?? '/', 'http://codec-server').pathname.replace(/\/+$/, '').split('/').pop();
    if (operation !== 'encode' && operation !== 'decode') throw new HttpError(404, 'not found: the codec server answers POST …/encode and POST …/decode');
    if (method !== 'POST') throw new HttpError(405, `use POST for /${operation}`);
    if (token !== undefined && !authorized(request, token)) {
      throw new HttpError(401, 'this codec server needs "Authorization: Bearer <token>" (the value of AUGCON_CODEC_SERVER_TOKEN)');
    }
    const payloads = parsePayloadsBody(await readBody(request, maxBodyBytes));
    let converted;
    try {
      converted = operation === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
    } catch (error) {
      throw new HttpError(400, `cannot ${operation} the payloads: ${error instanceof Error ? error.message : String(error)}`);
    }
    send(response, 200, { payloads: converted.map(toJsonPayload) }, cors);
  }

  const server = createServer((request, response) => {
    const origin = request.headers.origin;
    const path = new URL(request.url ?? '/', 'http://codec-server').pathname;
    const method = request.method ?? 'GET';
    const fail = (status: number, message: string, headers: Record<string, string>) => {
      options.onError?.({ method, path, status, message });
      if (!response.headersSent) send(response, status, { error: message }, status === 401 ? { ...headers, 'WWW-Authenticate': 'Bearer' } : headers);
      else response.destroy();
    };
    const cors: Record<string, string> = { Vary: 'Origin' };
    if (origin !== undefined) {
      if (!origins.has(origin)) {
        fail(403, `origin ${origin} may not call this codec server (allowed: ${[...origins].join(', ')}); start it with --origin ${origin}`, cors);
        return;
      }
      cors['Access-Control-Allow-Origin'] = origin;
      cors['Access-Control-Allow-Credentials'] = 'true';
    }
    handle(request, response, cors).catch((error: unknown) => {
      if (error instanceof HttpError) fail(error.status, error.message, cors);
      else if (error instanceof PayloadsBodyError) fail(400, error.message, cors);
      else fail(500, `internal error: ${error instanceof Error ? error.message : String(error)}`, cors);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_CODEC_SERVER_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
