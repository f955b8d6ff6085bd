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
  it('lists the API keys and the store URL, nothing else', () => {
    expect(
      secretsFromEnv({ AUGCON_LLM_API_KEY: 'sk-1', OPENAI_API_KEY: 'sk-2', AUGCON_STORE_URL: 'postgresql://u:p@h/d', TEMPORAL_API_KEY: '', AUGCON_TASK_QUEUE: 'augcon' }).sort(),
    ).toEqual(['postgresql://u:p@h/d', 'sk-1', 'sk-2']);
  });
});
