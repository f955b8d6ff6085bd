/** The codec server over real HTTP on 127.0.0.1, as the Temporal Web UI and CLI call it. */
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, METADATA_ENCODING_KEY } from '@temporalio/common';
import { startCodecServerCommand } from '../cli/commands/codec-server-command';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, METADATA_KEY_ID } from './aes-gcm-codec';
import { startCodecServer, type CodecServer } from './codec-server';
import { fromJsonPayload, toJsonPayload, type JsonPayload } from './payload-json';

const KEY = randomBytes(32);
const codec = new AesGcmPayloadCodec({ currentKeyId: 'augcon-1', keys: new Map([['augcon-1', KEY]]) });
const UI = 'http://localhost:8233';
const INPUT = { corpus: { paths: ['/data/private-corpus'] }, seed: 3 };

function post(server: CodecServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function payloadsOf(response: Response): Promise<JsonPayload[]> {
  expect(response.status).toBe(200);
  return ((await response.json()) as { payloads: JsonPayload[] }).payloads;
}

function decodeBase64(value: string | null | undefined): string {
  return Buffer.from(value ?? '', 'base64').toString('utf8');
}

describe('the codec server', () => {
  let server: CodecServer;
  const failures: { status: number; message: string }[] = [];

  beforeAll(async () => {
    server = await startCodecServer({ port: 0, codec, allowedOrigins: [UI], onError: (failure) => failures.push(failure) });
  });
  afterAll(() => server?.close());

  it('encodes and then decodes payloads in proto3 JSON', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const plain = toJsonPayload(defaultPayloadConverter.toPayload(INPUT));
    const encoded = await payloadsOf(await post(server, '/encode', { payloads: [plain] }));
    expect(encoded).toHaveLength(1);
    expect(decodeBase64(encoded[0]!.metadata![METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
    expect(decodeBase64(encoded[0]!.metadata![METADATA_KEY_ID])).toBe('augcon-1');
    expect(decodeBase64(encoded[0]!.data)).not.toContain('private-corpus');

    // The UI mounts the endpoint under a prefix of its own; only the last segment counts.
    const decoded = await payloadsOf(await post(server, '/default/decode', { payloads: encoded }));
    expect(decoded).toEqual([plain]);
    expect(defaultPayloadConverter.fromPayload(fromJsonPayload(decoded[0]!))).toEqual(INPUT);
  });

  it('decodes what the codec encoded in another process, and passes plain payloads through', async () => {
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload('hello')]);
    const plain = toJsonPayload(defaultPayloadConverter.toPayload(42));
    const decoded = await payloadsOf(await post(server, '/decode', { payloads: [toJsonPayload(encrypted!), plain] }));
    expect(decoded.map((payload) => defaultPayloadConverter.fromPayload(fromJsonPayload(payload)))).toEqual(['hello', 42]);
  });

  it('answers the Web UI: CORS preflight and the allow-origin header on the POST', async () => {
    const preflight = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { Origin: UI, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-namespace' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toEqual(expect.stringContaining('x-namespace'));
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toEqual(expect.stringContaining('authorization'));

    const response = await post(server, '/decode', { payloads: [] }, { Origin: UI });
    expect(response.headers.get('access-control-allow-origin')).toBe(UI);
    expect(response.headers.get('vary')).toBe('Origin');
    expect(await payloadsOf(response)).toEqual([]);
  });

  it('refuses other browser origins', async () => {
    const preflight = await fetch(`${server.url}/decode`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const response = await post(server, '/decode', { payloads: [] }, { Origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: string }).error).toContain('--origin https://evil.example');
  });

  it('is a 400 with a message for a body that is not the expected JSON', async () => {
    const cases: [unknown, RegExp][] = [
      ['{"payloads": [', /the body is not JSON/],
      [{ payload: [] }, /^payloads: .*expected \{"payloads"/],
      [{ payloads: [{ data: 'not base64!' }] }, /^payloads\.0\.data: expected base64/],
      [{ payloads: [{ metadata: { encoding: 7 } }] }, /^payloads\.0\.metadata\.encoding: /],
    ];
    for (const [body, message] of cases) {
      const response = await post(server, '/decode', body);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(((await response.json()) as { error: string }).error).toMatch(message);
    }
  });

  it('is a 400 naming the key when it cannot decrypt', async () => {
    const other = new AesGcmPayloadCodec({ currentKeyId: 'team-b', keys: new Map([['team-b', randomBytes(32)]]) });
    const [encrypted] = await other.encode([defaultPayloadConverter.toPayload('x')]);
    const response = await post(server, '/decode', { payloads: [toJsonPayload(encrypted!)] });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^cannot decode the payloads: .*key "team-b"/);
    expect(failures.some((failure) => failure.status === 400 && failure.message.includes('team-b'))).toBe(true);
  });

  it('is a 404 for other paths and a 405 for other methods', async () => {
    expect((await post(server, '/transcode', { payloads: [] })).status).toBe(404);
    expect((await fetch(`${server.url}/decode`)).status).toBe(405);
  });
});

describe('the codec server with a token', () => {
  const TOKEN = 'codec-token-4b1d';
  let server: CodecServer;

  beforeAll(async () => {
    server = await startCodecServer({ port: 0, codec, allowedOrigins: [UI], token: TOKEN });
  });
  afterAll(() => server?.close());

  it('is a 401 without the bearer token or with a wrong one, and serves with it', async () => {
    const body = { payloads: [toJsonPayload(defaultPayloadConverter.toPayload('x'))] };
    const missing = await post(server, '/encode', body, { Origin: UI });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    // The browser can read the refusal: CORS headers are on it.
    expect(missing.headers.get('access-control-allow-origin')).toBe(UI);
    expect(((await missing.json()) as { error: string }).error).toContain('Authorization: Bearer');
    expect((await post(server, '/encode', body, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post(server, '/encode', body, { Authorization: TOKEN })).status).toBe(401);

    const encoded = await payloadsOf(await post(server, '/encode', body, { Authorization: `Bearer ${TOKEN}` }));
    expect(await payloadsOf(await post(server, '/decode', { payloads: encoded }, { Authorization: `Bearer ${TOKEN}` }))).toEqual(body.payloads);
  });

  it('answers the preflight without the token (browsers send none on it)', async () => {
    const preflight = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { Origin: UI, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-namespace' },
    });
    expect(preflight.status).toBe(204);
  });
});

describe('augcon codec-server', () => {
  it('serves the key of the environment and prints the endpoint for the Web UI', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const server = await startCodecServerCommand({ port: 0, host: '127.0.0.1' }, { AUGCON_PAYLOAD_KEY: KEY.toString('base64') });
    try {
      const printed = log.mock.calls.map((call) => String(call[0])).join('\n');
      expect(printed).toContain(`--ui-codec-endpoint ${server.url}`);
      expect(printed).toContain(`--codec-endpoint ${server.url}`);
      expect(printed).not.toContain(KEY.toString('base64'));
      const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload('from the worker')]);
      const decoded = await payloadsOf(await post(server, '/decode', { payloads: [toJsonPayload(encrypted!)] }));
      expect(defaultPayloadConverter.fromPayload(fromJsonPayload(decoded[0]!))).toBe('from the worker');
    } finally {
      log.mockRestore();
      await server.close();
    }
  });

  it('says how to configure the key when there is none', async () => {
    await expect(startCodecServerCommand({ port: 0, host: '127.0.0.1' }, {})).rejects.toThrow(/no payload key: set AUGCON_PAYLOAD_KEY/);
    await expect(startCodecServerCommand({ port: 0, host: '127.0.0.1' }, { AUGCON_PAYLOAD_KEY: 'abc' })).rejects.toThrow(/AUGCON_PAYLOAD_KEY decodes to 2 bytes/);
  });
});
