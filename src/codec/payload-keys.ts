/**
 * The payload encryption keys, from the environment of the process that holds them (worker, client,
 * codec server); never from a workflow input, never printed.
 *
 * - `AUGCON_PAYLOAD_KEY`: the base64 of 32 random bytes (`openssl rand -base64 32`), or
 * - `AUGCON_PAYLOAD_KEY_FILE`: a file holding that base64 text (one of the two, not both);
 * - `AUGCON_PAYLOAD_KEY_ID`: the id written beside every payload it encrypts. @default "augcon-1"
 * - `AUGCON_PAYLOAD_OLD_KEYS`: `"id:base64,id:base64"`, retired keys kept to decrypt older histories.
 */
import { readFileSync } from 'node:fs';

/** AES-256 takes a 32-byte key. */
export const PAYLOAD_KEY_BYTES = 32;

export const DEFAULT_PAYLOAD_KEY_ID = 'augcon-1';

const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;
const KEY_EXPECTED = `the base64 of ${PAYLOAD_KEY_BYTES} random bytes (make one with \`openssl rand -base64 ${PAYLOAD_KEY_BYTES}\`)`;

export interface CodecKeys {
  /** The key new payloads are encrypted with. */
  currentKeyId: string;
  /** Every key this process can decrypt with, the current one included. */
  keys: ReadonlyMap<string, Buffer>;
}

/** A key setting is missing or malformed; the message names the variable and what was expected, never the key. */
export class CodecKeyError extends Error {
  override name = 'CodecKeyError';
}

/** Decodes one key; `where` names the setting in the error (e.g. `AUGCON_PAYLOAD_KEY`). */
export function parsePayloadKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new CodecKeyError(`${where} is empty: expected ${KEY_EXPECTED}`);
  if (!BASE64_PATTERN.test(trimmed)) throw new CodecKeyError(`${where} is not base64: expected ${KEY_EXPECTED}`);
  // Node's base64 decoder also takes the URL-safe alphabet.
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== PAYLOAD_KEY_BYTES) throw new CodecKeyError(`${where} decodes to ${key.length} bytes: expected ${KEY_EXPECTED}`);
  return key;
}

export function validateKeyId(id: string, where: string): string {
  if (!KEY_ID_PATTERN.test(id)) {
    throw new CodecKeyError(`${where} "${id}" is not a valid key id: expected 1 to 64 letters, digits, ".", "_" or "-"`);
  }
  return id;
}

function currentKey(env: NodeJS.ProcessEnv): Buffer | undefined {
  const inline = env.AUGCON_PAYLOAD_KEY;
  const file = env.AUGCON_PAYLOAD_KEY_FILE;
  if (inline && file) throw new CodecKeyError('both AUGCON_PAYLOAD_KEY and AUGCON_PAYLOAD_KEY_FILE are set: set only one of them');
  if (inline) return parsePayloadKey(inline, 'AUGCON_PAYLOAD_KEY');
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CodecKeyError(`AUGCON_PAYLOAD_KEY_FILE: cannot read ${file} (${code}): expected a file holding ${KEY_EXPECTED}`);
  }
  return parsePayloadKey(text, `AUGCON_PAYLOAD_KEY_FILE (${file})`);
}

function oldKeys(text: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  entries.forEach((entry, index) => {
    const separator = entry.indexOf(':');
    if (separator <= 0) {
      throw new CodecKeyError(`AUGCON_PAYLOAD_OLD_KEYS entry ${index + 1} is not "<key id>:<base64 key>": expected a comma-separated list of "<key id>:<base64 key>"`);
    }
    const id = validateKeyId(entry.slice(0, separator).trim(), `AUGCON_PAYLOAD_OLD_KEYS entry ${index + 1}: key id`);
    if (keys.has(id)) throw new CodecKeyError(`AUGCON_PAYLOAD_OLD_KEYS names key "${id}" twice: expected each key id once`);
    keys.set(id, parsePayloadKey(entry.slice(separator + 1), `AUGCON_PAYLOAD_OLD_KEYS key "${id}"`));
  });
  return keys;
}

/**
 * The keys configured in `env`, or undefined when no key is configured (payloads then stay plain).
 * @throws CodecKeyError when a setting is malformed.
 */
export function loadCodecKeys(env: NodeJS.ProcessEnv = process.env): CodecKeys | undefined {
  const key = currentKey(env);
  const old = env.AUGCON_PAYLOAD_OLD_KEYS?.trim() ? oldKeys(env.AUGCON_PAYLOAD_OLD_KEYS) : new Map<string, Buffer>();
  if (!key) {
    if (old.size > 0) throw new CodecKeyError('AUGCON_PAYLOAD_OLD_KEYS is set but there is no current key: set AUGCON_PAYLOAD_KEY or AUGCON_PAYLOAD_KEY_FILE too');
    if (env.AUGCON_PAYLOAD_KEY_ID) throw new CodecKeyError('AUGCON_PAYLOAD_KEY_ID is set but there is no key: set AUGCON_PAYLOAD_KEY or AUGCON_PAYLOAD_KEY_FILE too');
    return undefined;
  }
  const currentKeyId = validateKeyId(env.AUGCON_PAYLOAD_KEY_ID?.trim() || DEFAULT_PAYLOAD_KEY_ID, 'AUGCON_PAYLOAD_KEY_ID');
  if (old.has(currentKeyId)) {
    throw new CodecKeyError(`AUGCON_PAYLOAD_OLD_KEYS names key "${currentKeyId}", the id of the current key (AUGCON_PAYLOAD_KEY_ID): give the new key a new id`);
  }
  return { currentKeyId, keys: new Map([[currentKeyId, key], ...old]) };
}
