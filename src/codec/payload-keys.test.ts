import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodecKeyError, loadCodecKeys } from './payload-keys';

const KEY = randomBytes(32);
const KEY_TEXT = KEY.toString('base64');
const OLD = randomBytes(32);

function failure(env: NodeJS.ProcessEnv): Error {
  try {
    loadCodecKeys(env);
  } catch (error) {
    expect(error).toBeInstanceOf(CodecKeyError);
    return error as Error;
  }
  throw new Error('expected loadCodecKeys to throw');
}

describe('loadCodecKeys', () => {
  it('is undefined when no key is configured', () => {
    expect(loadCodecKeys({})).toBeUndefined();
    expect(loadCodecKeys({ AUGCON_PAYLOAD_KEY: '', AUGCON_PAYLOAD_OLD_KEYS: ' ' })).toBeUndefined();
  });

  it('reads the key and the default key id', () => {
    const keys = loadCodecKeys({ AUGCON_PAYLOAD_KEY: `  ${KEY_TEXT}\n` })!;
    expect(keys.currentKeyId).toBe('augcon-1');
    expect(keys.keys.get('augcon-1')).toEqual(KEY);
  });

  it('accepts the URL-safe base64 alphabet', () => {
    expect(loadCodecKeys({ AUGCON_PAYLOAD_KEY: KEY.toString('base64url') })!.keys.get('augcon-1')).toEqual(KEY);
  });

  it('reads the key from a file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'augcon-key-')), 'payload.key');
    writeFileSync(file, `${KEY_TEXT}\n`);
    const keys = loadCodecKeys({ AUGCON_PAYLOAD_KEY_FILE: file, AUGCON_PAYLOAD_KEY_ID: 'prod-2025' })!;
    expect(keys.currentKeyId).toBe('prod-2025');
    expect(keys.keys.get('prod-2025')).toEqual(KEY);
  });

  it('reads old keys for decoding', () => {
    const keys = loadCodecKeys({ AUGCON_PAYLOAD_KEY: KEY_TEXT, AUGCON_PAYLOAD_KEY_ID: 'k3', AUGCON_PAYLOAD_OLD_KEYS: ` k1:${OLD.toString('base64')} , k2:${KEY_TEXT},` })!;
    expect([...keys.keys.keys()]).toEqual(['k3', 'k1', 'k2']);
    expect(keys.keys.get('k1')).toEqual(OLD);
  });

  it('says which variable is wrong and what was expected, never printing the key', () => {
    const short = randomBytes(16).toString('base64');
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ AUGCON_PAYLOAD_KEY: short }, /^AUGCON_PAYLOAD_KEY decodes to 16 bytes: expected the base64 of 32 random bytes/],
      [{ AUGCON_PAYLOAD_KEY: 'not base64 at all!' }, /^AUGCON_PAYLOAD_KEY is not base64: expected the base64 of 32 random bytes/],
      [{ AUGCON_PAYLOAD_KEY: KEY_TEXT, AUGCON_PAYLOAD_KEY_FILE: '/tmp/x' }, /both AUGCON_PAYLOAD_KEY and AUGCON_PAYLOAD_KEY_FILE are set/],
      [{ AUGCON_PAYLOAD_KEY_FILE: '/nonexistent/augcon.key' }, /^AUGCON_PAYLOAD_KEY_FILE: cannot read \/nonexistent\/augcon.key \(ENOENT\)/],
      [{ AUGCON_PAYLOAD_KEY: KEY_TEXT, AUGCON_PAYLOAD_KEY_ID: 'has space' }, /^AUGCON_PAYLOAD_KEY_ID "has space" is not a valid key id: expected 1 to 64 letters/],
      [{ AUGCON_PAYLOAD_KEY: KEY_TEXT, AUGCON_PAYLOAD_OLD_KEYS: short }, /^AUGCON_PAYLOAD_OLD_KEYS entry 1 is not "<key id>:<base64 key>"/],
      [{ AUGCON_PAYLOAD_KEY: KEY_TEXT, AUGCON_PAYLOAD_OLD_KEYS: `old:${short}` }, /^AUGCON_PAYLOAD_OLD_KEYS key "old" decodes to 16 bytes/],
      [{ AUGCON_PAYLOAD_KEY: KEY_TEXT, AUGCON_PAYLOAD_OLD_KEYS: `a:${KEY_TEXT},a:${KEY_TEXT}` }, /names key "a" twice/],
      [{ AUGCON_PAYLOAD_KEY: KEY_TEXT, AUGCON_PAYLOAD_OLD_KEYS: `augcon-1:${OLD.toString('base64')}` }, /names key "augcon-1", the id of the current key/],
      [{ AUGCON_PAYLOAD_OLD_KEYS: `a:${KEY_TEXT}` }, /AUGCON_PAYLOAD_OLD_KEYS is set but there is no current key/],
      [{ AUGCON_PAYLOAD_KEY_ID: 'x' }, /AUGCON_PAYLOAD_KEY_ID is set but there is no key/],
    ];
    for (const [env, message] of cases) {
      const error = failure(env);
      expect(error.message).toMatch(message);
      for (const secret of [KEY_TEXT, short, OLD.toString('base64')]) expect(error.message).not.toContain(secret);
    }
  });

  it('names the file when its content is not a key', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'augcon-key-')), 'payload.key');
    writeFileSync(file, 'too short');
    expect(failure({ AUGCON_PAYLOAD_KEY_FILE: file }).message).toMatch(new RegExp(`^AUGCON_PAYLOAD_KEY_FILE \\(${file}\\) is not base64`));
  });
});
