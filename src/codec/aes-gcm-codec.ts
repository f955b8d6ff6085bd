/**
 * Payload encryption between augcon and the Temporal server: every payload (workflow and activity
 * inputs and results, queries, signals) is written whole, metadata included, as a
 * temporal.api.common.v1.Payload message, then encrypted with AES-256-GCM under a fresh 12-byte IV.
 * The stored payload says only `encoding: binary/encrypted` and `encryption-key-id: <id>`; its data is
 * IV (12 bytes) | ciphertext | GCM tag (16 bytes), the layout of Temporal's encryption samples.
 *
 * Decoding leaves payloads that are not encrypted untouched (histories from before encryption was
 * turned on stay readable), and picks the key by the id in the payload, so retired keys can still
 * decrypt old histories (AUGCON_PAYLOAD_OLD_KEYS).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec, ValueError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { type CodecKeys, PAYLOAD_KEY_BYTES } from './payload-keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const ProtoPayload = temporal.api.common.v1.Payload;

/** A payload could not be decrypted; `keyId` is the key it names, when it names one. */
export class PayloadDecryptionError extends ValueError {
  override name = 'PayloadDecryptionError';
  constructor(
    message: string,
    readonly keyId?: string,
    cause?: unknown,
  ) {
    super(message, cause);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

function text(bytes: Uint8Array | null | undefined): string | undefined {
  return bytes ? utf8.decode(bytes) : undefined;
}

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys: ReadonlyMap<string, Buffer>;
  /** The id new payloads are encrypted under. */
  readonly keyId: string;

  constructor(keys: CodecKeys) {
    const current = keys.keys.get(keys.currentKeyId);
    if (!current) throw new RangeError(`the codec keys hold no key "${keys.currentKeyId}" (the current key id)`);
    for (const [id, key] of keys.keys) {
      if (key.length !== PAYLOAD_KEY_BYTES) throw new RangeError(`key "${id}" has ${key.length} bytes: AES-256 needs ${PAYLOAD_KEY_BYTES}`);
    }
    this.keys = new Map(keys.keys);
    this.keyId = keys.currentKeyId;
  }

  /** The ids this codec can decrypt, the current one first. */
  get keyIds(): string[] {
    return [this.keyId, ...[...this.keys.keys()].filter((id) => id !== this.keyId)];
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.keyId)!;
    const keyId = Buffer.from(this.keyId, 'utf8');
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
      const plain = ProtoPayload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING, 'utf8'), [METADATA_KEY_ID]: keyId }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decodeOne(payload));
  }

  private decodeOne(payload: Payload): Payload {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
    const keyId = text(payload.metadata?.[METADATA_KEY_ID]);
    if (!keyId) throw new PayloadDecryptionError(`an encrypted payload names no key (its "${METADATA_KEY_ID}" metadata is missing)`);
    const key = this.keys.get(keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        `cannot decrypt a payload encrypted with key "${keyId}": this process holds only ${this.keyIds.map((id) => `"${id}"`).join(', ')} ` +
          `(add the key as AUGCON_PAYLOAD_OLD_KEYS="${keyId}:<base64 key>")`,
        keyId,
      );
    }
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadDecryptionError(`an encrypted payload of key "${keyId}" is too short (${data.length} bytes) to hold an IV and a tag`, keyId);
    }
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    let plain: Buffer;
    try {
      const decipher = createDecipheriv(CIPHER, key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
    } catch (error) {
      throw new PayloadDecryptionError(
        `a payload encrypted with key "${keyId}" failed authentication: the key held under that id is not the one it was encrypted with, or the payload was altered`,
        keyId,
        error,
      );
    }
    try {
      return ProtoPayload.decode(plain);
    } catch (error) {
      throw new PayloadDecryptionError(`a payload decrypted with key "${keyId}" is not a Temporal payload message`, keyId, error);
    }
  }
}
