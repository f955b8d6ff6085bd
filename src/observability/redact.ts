/**
 * Keeps secrets out of everything the worker writes about itself (log lines, span attributes). Three
 * rules, applied to every value before it is written:
 * - a field whose name says it holds a secret (apiKey, authorization, password, token, storeUrl, ...)
 *   is replaced whole;
 * - credentials inside a string are cut out: `scheme://user:password@host` keeps only the host (the
 *   password may hold "@": the credentials end at the last "@" before the host), `Authorization: Basic
 *   <credential>` and `Bearer <token>` keep only the scheme (prose such as "basic setup" stays),
 *   `?api_key=...` keeps only the name;
 * - the secrets this process actually holds (secretsFromEnv) are replaced wherever they occur,
 *   whatever the field is called.
 */
import { readFileSync } from 'node:fs';

export const REDACTED = '[redacted]';

/** Field names (lowercased, without `-`, `_` and `.`) that hold a secret; matched at the end of the name. */
const SECRET_FIELD_SUFFIXES = [
  'apikey',
  'authorization',
  'password',
  'passwd',
  'secret',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'authtoken',
  'bearertoken',
  'sessiontoken',
  'cookie',
  'privatekey',
  'storeurl',
  'databaseurl',
  'connectionstring',
  'credentials',
];

export function isSecretField(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[-_.\s]/g, '');
  return normalized === 'token' || SECRET_FIELD_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

/** Greedy up to the last "@" before the path: a password may hold an unencoded "@". */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"']*@/gi;
/** The credential of an Authorization header, whatever it looks like. */
const AUTHORIZATION_HEADER = /\b(authorization["']?\s*[:=]\s*["']?(?:basic|bearer)\s+)[^\s"',;]+/gi;
/** `Basic`/`Bearer` and a word elsewhere: a credential only if the word looks like one (see looksLikeCredential). */
const SCHEME_AND_WORD = /\b(basic|bearer)(\s+)([a-z0-9._~+/-]{8,}=*)/gi;
const SECRET_QUERY = /([?&;](?:api[-_]?key|access[-_]?token|token|password|secret|key|sig|signature)=)[^&\s#"']+/gi;
/** OpenAI-style keys (sk-..., sk-proj-...) wherever they turn up. */
const OPENAI_KEY = /\bsk-[a-z0-9_-]{16,}/gi;

/** A token or base64, not a word of prose: it has a digit, one of + / = _ ~, or a capital after its first letter. */
function looksLikeCredential(word: string): boolean {
  return /\d|[+/=_~]|.[A-Z]/.test(word);
}

export interface Redactor {
  /** The string with every credential cut out. */
  text(value: string): string;
  /** A copy of any value (objects, arrays, errors) that is safe to serialize. */
  value(value: unknown): unknown;
}

export interface RedactorOptions {
  /** Values this process holds that must never be written (shorter than 6 characters: ignored). */
  secrets?: readonly (string | undefined)[];
  /** Objects nested deeper are written as "[object]". @default 8 */
  maxDepth?: number;
}

/** The password of a URL such as AUGCON_STORE_URL, as written and decoded; none if it does not parse. */
function urlPasswords(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const { password } = new URL(url);
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [];
  }
}

/** The text of the payload key file, if this process can read it. */
function keyFileText(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * Every secret setting of this process: the LLM and Temporal API keys, the store URL and its password,
 * the payload keys (inline, from AUGCON_PAYLOAD_KEY_FILE, the retired AUGCON_PAYLOAD_OLD_KEYS) and the
 * codec server's token.
 */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const oldKeys = (env.AUGCON_PAYLOAD_OLD_KEYS ?? '').split(',').map((entry) => entry.slice(entry.indexOf(':') + 1).trim());
  const secrets = [
    env.AUGCON_LLM_API_KEY,
    env.OPENAI_API_KEY,
    env.TEMPORAL_API_KEY,
    env.AUGCON_STORE_URL,
    ...urlPasswords(env.AUGCON_STORE_URL),
    env.AUGCON_PAYLOAD_KEY?.trim(),
    keyFileText(env.AUGCON_PAYLOAD_KEY_FILE),
    ...oldKeys,
    env.AUGCON_CODEC_SERVER_TOKEN,
  ];
  return [...new Set(secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length > 0))];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createRedactor(options: RedactorOptions = {}): Redactor {
  const maxDepth = options.maxDepth ?? 8;
  const secrets = [...new Set((options.secrets ?? []).filter((secret): secret is string => typeof secret === 'string' && secret.length >= 6))]
    // Longest first, so a URL is replaced before the password inside it.
    .sort((a, b) => b.length - a.length);
  const knownSecrets = secrets.length === 0 ? undefined : new RegExp(secrets.flatMap((secret) => [escapeRegExp(secret), escapeRegExp(JSON.stringify(secret).slice(1, -1))]).join('|'), 'g');

  function text(value: string): string {
    let result = knownSecrets ? value.replace(knownSecrets, REDACTED) : value;
    result = result.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
    result = result.replace(AUTHORIZATION_HEADER, `$1${REDACTED}`);
    result = result.replace(SCHEME_AND_WORD, (match: string, scheme: string, space: string, word: string) => (looksLikeCredential(word) ? `${scheme}${space}${REDACTED}` : match));
    result = result.replace(SECRET_QUERY, `$1${REDACTED}`);
    return result.replace(OPENAI_KEY, REDACTED);
  }

  function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return text(value);
    if (typeof value === 'bigint') return value.toString();
    if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
    if (seen.has(value)) return '[circular]';
    if (depth >= maxDepth) return '[object]';
    if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
    if (value instanceof Date) return value.toISOString();
    seen.add(value);
    try {
      if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, seen));
      if (value instanceof Error) {
        const error: Record<string, unknown> = { type: value.name, message: text(value.message) };
        if (value.stack) error.stack = text(value.stack);
        for (const [key, field] of Object.entries(value)) {
          if (key === 'message' || key === 'stack') continue;
          error[key] = isSecretField(key) ? REDACTED : walk(field, depth + 1, seen);
        }
        if (value.cause !== undefined) error.cause = walk(value.cause, depth + 1, seen);
        return error;
      }
      const copy: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(value)) {
        if (field === undefined) continue;
        copy[key] = isSecretField(key) && field !== null && field !== '' ? REDACTED : walk(field, depth + 1, seen);
      }
      return copy;
    } finally {
      seen.delete(value);
    }
  }

  return { text, value: (value) => walk(value, 0, new WeakSet()) };
}
