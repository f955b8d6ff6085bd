import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedactor, isSecretField, REDACTED, secretsFromEnv } from './redact';

describe('isSecretField', () => {
  it.each(['apiKey', 'api_key', 'OPENAI_API_KEY', 'AUGCON_LLM_API_KEY', 'x-api-key', 'authorization', 'Authorization', 'password', 'dbPassword', 'token', 'accessToken', 'client_secret', 'storeUrl', 'AUGCON_STORE_URL', 'cookie', 'credentials'])(
    '%s holds a secret',
    (name) => expect(isSecretField(name)).toBe(true),
  );
  it.each(['promptTokens', 'completionTokens', 'totalTokens', 'workflowId', 'runName', 'activityType', 'url', 'baseUrl', 'message', 'maxTokens'])('%s does not', (name) =>
    expect(isSecretField(name)).toBe(false),
  );
});

describe('createRedactor', () => {
  const redactor = createRedactor({ secrets: ['sk-augcon-test-key-42', 'postgresql://augcon:hunter2@db.internal:5432/augcon', undefined, 'abc'] });

  it('replaces fields that hold secrets, at any depth, and keeps the rest', () => {
    const safe = redactor.value({
      apiKey: 'anything',
      workflowId: 'run-1',
      usage: { promptTokens: 3 },
      request: { headers: { authorization: 'Bearer abc.def.ghi', accept: 'json' } },
      list: [{ password: 'pw' }],
      emptyToken: { token: '' },
    });
    expect(safe).toEqual({
      apiKey: REDACTED,
      workflowId: 'run-1',
      usage: { promptTokens: 3 },
      request: { headers: { authorization: REDACTED, accept: 'json' } },
      list: [{ password: REDACTED }],
      emptyToken: { token: '' },
    });
  });

  it('cuts credentials out of URLs, bearer tokens and query strings', () => {
    expect(redactor.text('connecting to postgres://user:p%40ss@host:5432/db')).toBe(`connecting to postgres://${REDACTED}@host:5432/db`);
    expect(redactor.text('GET https://user@example.com/x')).toBe(`GET https://${REDACTED}@example.com/x`);
    expect(redactor.text('header Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload')).toBe(`header Authorization: Bearer ${REDACTED}`);
    expect(redactor.text('https://api.example.com/v1?api_key=12345&model=x')).toBe(`https://api.example.com/v1?api_key=${REDACTED}&model=x`);
    expect(redactor.text('Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwxyz')).toBe(`Incorrect API key provided: ${REDACTED}`);
    expect(redactor.text('http://127.0.0.1:8000/v1 is fine')).toBe('http://127.0.0.1:8000/v1 is fine');
  });

  it('cuts out a URL password holding "@" whole: the credentials end at the last "@" before the host', () => {
    expect(redactor.text('cannot connect to postgres://user:p@ss@host/db')).toBe(`cannot connect to postgres://${REDACTED}@host/db`);
    expect(redactor.text('postgres://augcon:s3cr@t@w0rd@db.internal:5432/augcon?sslmode=require')).toBe(`postgres://${REDACTED}@db.internal:5432/augcon?sslmode=require`);
    expect(redactor.text('https://example.com/a?x=1 then mail ops@example.com')).toBe('https://example.com/a?x=1 then mail ops@example.com');
  });

  it('cuts out Basic and Bearer credentials, and leaves prose with "basic" or "bearer" alone', () => {
    expect(redactor.text('Authorization: Basic dXNlcjpwYXNzd29yZA==')).toBe(`Authorization: Basic ${REDACTED}`);
    expect(redactor.text('{"authorization":"Basic abcdefghijkl"}')).toBe(`{"authorization":"Basic ${REDACTED}"}`);
    expect(redactor.text('sent Bearer 0123456789abcdef to the codec server')).toBe(`sent Bearer ${REDACTED} to the codec server`);
    expect(redactor.text('curl -H "Basic YWxhZGRpbjpvcGVuc2VzYW1l"')).toBe(`curl -H "Basic ${REDACTED}"`);
    for (const prose of ['a basic introduction to contracts', 'Basic understanding of statistics.', 'the bearer instrument was transferred', 'Bearer bonds, basically']) {
      expect(redactor.text(prose)).toBe(prose);
    }
  });

  it('replaces the secrets it was given wherever they occur, whatever the field', () => {
    const safe = JSON.stringify(
      redactor.value({ note: 'key sk-augcon-test-key-42 leaked', nested: { where: 'postgresql://augcon:hunter2@db.internal:5432/augcon' }, short: 'abc stays' }),
    );
    expect(safe).not.toContain('sk-augcon-test-key-42');
    expect(safe).not.toContain('hunter2');
    expect(safe).toContain('abc stays');
  });

  it('makes errors, buffers and cycles serializable without leaking', () => {
    const error = new Error('cannot connect to postgresql://augcon:hunter2@db.internal:5432/augcon', { cause: new Error('ECONNREFUSED') });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const safe = redactor.value({ error, token: new Uint8Array(16), cyclic, count: 10n }) as Record<string, unknown>;
    expect(safe.error).toMatchObject({ type: 'Error', message: expect.not.stringContaining('hunter2'), cause: { message: 'ECONNREFUSED' } });
    expect(JSON.stringify(safe.error)).not.toContain('hunter2');
    expect(safe.token).toBe(REDACTED);
    expect(safe.cyclic).toEqual({ name: 'loop', self: '[circular]' });
    expect(safe.count).toBe('10');
  });
});

describe('secretsFromEnv', () => {
  it('lists the API keys, the store URL and its password, nothing else', () => {
    expect(
      secretsFromEnv({ AUGCON_LLM_API_KEY: 'sk-1', OPENAI_API_KEY: 'sk-2', AUGCON_STORE_URL: 'postgresql://u:p@h/d', TEMPORAL_API_KEY: '', AUGCON_TASK_QUEUE: 'augcon' }).sort(),
    ).toEqual(['p', 'postgresql://u:p@h/d', 'sk-1', 'sk-2']);
  });

  const PAYLOAD_KEY = 'q3Jk1Zx0bW9zdC1zZWNyZXQta2V5LW9mLTMyLWJ5dGVzIQ==';
  const OLD_KEY = 'b2xkLWtleS1vZi10aGlydHktdHdvLWJ5dGVzLWxvbmch';
  const FILE_KEY = 'ZmlsZS1rZXktb2YtdGhpcnR5LXR3by1ieXRlcy1sb25nIQ==';

  it.each([
    ['AUGCON_LLM_API_KEY', { AUGCON_LLM_API_KEY: 'llm-key-123456' }, 'llm-key-123456'],
    ['OPENAI_API_KEY', { OPENAI_API_KEY: 'openai-key-123456' }, 'openai-key-123456'],
    ['TEMPORAL_API_KEY', { TEMPORAL_API_KEY: 'temporal-key-123456' }, 'temporal-key-123456'],
    ['AUGCON_STORE_URL', { AUGCON_STORE_URL: 'postgres://augcon:hunter2hunter2@db/augcon' }, 'postgres://augcon:hunter2hunter2@db/augcon'],
    ["AUGCON_STORE_URL's password", { AUGCON_STORE_URL: 'postgres://augcon:hunter2hunter2@db/augcon' }, 'hunter2hunter2'],
    ["AUGCON_STORE_URL's password, decoded", { AUGCON_STORE_URL: 'postgres://augcon:p%40ssw0rd!@db/augcon' }, 'p@ssw0rd!'],
    ['AUGCON_PAYLOAD_KEY', { AUGCON_PAYLOAD_KEY: PAYLOAD_KEY }, PAYLOAD_KEY],
    ['AUGCON_PAYLOAD_OLD_KEYS', { AUGCON_PAYLOAD_KEY: PAYLOAD_KEY, AUGCON_PAYLOAD_OLD_KEYS: `augcon-0:${OLD_KEY}, augcon-00:${FILE_KEY}` }, OLD_KEY],
    ['AUGCON_CODEC_SERVER_TOKEN', { AUGCON_CODEC_SERVER_TOKEN: 'codec-token-123456' }, 'codec-token-123456'],
  ])('redacts %s wherever it occurs', (_setting, env, secret) => {
    const redactor = createRedactor({ secrets: secretsFromEnv(env) });
    const line = redactor.text(`failed with ${secret} in the message`);
    expect(line).not.toContain(secret);
    expect(line).toBe(`failed with ${REDACTED} in the message`);
  });

  it('redacts the contents of AUGCON_PAYLOAD_KEY_FILE, and ignores a file it cannot read', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'augcon-redact-')), 'payload.key');
    writeFileSync(file, `${FILE_KEY}\n`);
    expect(createRedactor({ secrets: secretsFromEnv({ AUGCON_PAYLOAD_KEY_FILE: file }) }).text(`key ${FILE_KEY}`)).toBe(`key ${REDACTED}`);
    expect(secretsFromEnv({ AUGCON_PAYLOAD_KEY_FILE: join(file, 'missing') })).toEqual([]);
  });
});
