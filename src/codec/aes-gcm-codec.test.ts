import { randomBytes } from 'node:crypto';
import { ApplicationFailure, defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, METADATA_KEY_ID, PayloadDecryptionError } from './aes-gcm-codec';
import { codecDataConverter } from './data-converter';
import { failureConverter } from './failure-converter';

const KEY = randomBytes(32);
const codec = new AesGcmPayloadCodec({ currentKeyId: 'augcon-1', keys: new Map([['augcon-1', KEY]]) });
const INPUT = { corpus: { paths: ['/secret/corpus/contracts'] }, seed: 7, note: 'Prüfung 共享单车' };

function plainPayload(value: unknown = INPUT): Payload {
  return defaultPayloadConverter.toPayload(value);
}

function encoding(payload: Payload): string {
  return Buffer.from(payload.metadata![METADATA_ENCODING_KEY]!).toString('utf8');
}

describe('AesGcmPayloadCodec', () => {
  it('encrypts the whole payload and decrypts it back, metadata included', async () => {
    const original = plainPayload();
    const [encrypted] = await codec.encode([original]);
    expect(encoding(encrypted!)).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(encrypted!.metadata![METADATA_KEY_ID]!).toString()).toBe('augcon-1');
    expect(Object.keys(encrypted!.metadata!).sort()).toEqual([METADATA_ENCODING_KEY, METADATA_KEY_ID].sort());
    // Neither the value nor its original encoding (json/plain) can be read from the stored payload.
    expect(Buffer.from(encrypted!.data!).includes('/secret/corpus')).toBe(false);
    expect(Buffer.from(encrypted!.data!).includes('json/plain')).toBe(false);

    const [decrypted] = await codec.decode([encrypted!]);
    expect(encoding(decrypted!)).toBe('json/plain');
    expect(Buffer.from(decrypted!.data!)).toEqual(Buffer.from(original.data!));
    expect(defaultPayloadConverter.fromPayload(decrypted!)).toEqual(INPUT);
  });

  it('round-trips several payloads, an empty one (undefined / null) among them, keeping their order', async () => {
    const originals = [plainPayload('first'), defaultPayloadConverter.toPayload(undefined), plainPayload(null), plainPayload({ n: 3 })];
    const decoded = await codec.decode(await codec.encode(originals));
    expect(decoded.map((payload) => defaultPayloadConverter.fromPayload(payload))).toEqual(['first', undefined, null, { n: 3 }]);
    expect(await codec.encode([])).toEqual([]);
  });

  it('uses a fresh IV for every payload: the same value never encrypts to the same bytes', async () => {
    const [first, second] = await codec.encode([plainPayload(), plainPayload()]);
    expect(Buffer.from(first!.data!).equals(Buffer.from(second!.data!))).toBe(false);
    expect(Buffer.from(first!.data!).subarray(0, 12).equals(Buffer.from(second!.data!).subarray(0, 12))).toBe(false);
  });

  it('refuses a payload whose ciphertext, IV or tag was altered', async () => {
    const [encrypted] = await codec.encode([plainPayload()]);
    const length = encrypted!.data!.length;
    for (const index of [0, 12, Math.floor(length / 2), length - 1]) {
      const data = Buffer.from(encrypted!.data!);
      data[index] = data[index]! ^ 0x01;
      await expect(codec.decode([{ ...encrypted!, data }])).rejects.toThrow(/key "augcon-1" failed authentication/);
    }
    await expect(codec.decode([{ ...encrypted!, data: Buffer.alloc(10) }])).rejects.toThrow(/too short/);
  });

  it('names the key id when it does not hold that key, and tells how to add it', async () => {
    const other = new AesGcmPayloadCodec({ currentKeyId: 'augcon-2', keys: new Map([['augcon-2', randomBytes(32)]]) });
    const [encrypted] = await other.encode([plainPayload()]);
    const failure = await codec.decode([encrypted!]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PayloadDecryptionError);
    expect((failure as PayloadDecryptionError).keyId).toBe('augcon-2');
    expect((failure as Error).message).toMatch(/encrypted with key "augcon-2": this process holds only "augcon-1"/);
    expect((failure as Error).message).toContain('AUGCON_PAYLOAD_OLD_KEYS="augcon-2:<base64 key>"');
  });

  it('fails authentication when the id matches but the key material does not', async () => {
    const impostor = new AesGcmPayloadCodec({ currentKeyId: 'augcon-1', keys: new Map([['augcon-1', randomBytes(32)]]) });
    const [encrypted] = await impostor.encode([plainPayload()]);
    await expect(codec.decode([encrypted!])).rejects.toThrow(/key "augcon-1" failed authentication/);
  });

  it('refuses an encrypted payload that names no key', async () => {
    const [encrypted] = await codec.encode([plainPayload()]);
    const { [METADATA_KEY_ID]: _dropped, ...metadata } = encrypted!.metadata!;
    await expect(codec.decode([{ ...encrypted!, metadata }])).rejects.toThrow(/names no key/);
  });

  it('leaves payloads that are not encrypted untouched', async () => {
    const plain = [plainPayload(), defaultPayloadConverter.toPayload(undefined), { metadata: {}, data: Buffer.from('raw') }, {}];
    const decoded = await codec.decode(plain);
    decoded.forEach((payload, index) => expect(payload).toBe(plain[index]));
  });

  it('decrypts with an old key after rotation, and encrypts with the new one', async () => {
    const [old] = await codec.encode([plainPayload()]);
    const rotated = new AesGcmPayloadCodec({ currentKeyId: 'augcon-2', keys: new Map([['augcon-2', randomBytes(32)], ['augcon-1', KEY]]) });
    expect(rotated.keyIds).toEqual(['augcon-2', 'augcon-1']);
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([old!]))[0]!)).toEqual(INPUT);
    const [fresh] = await rotated.encode([plainPayload()]);
    expect(Buffer.from(fresh!.metadata![METADATA_KEY_ID]!).toString()).toBe('augcon-2');
  });

  it('will not be built without the current key or with a key of the wrong size', () => {
    expect(() => new AesGcmPayloadCodec({ currentKeyId: 'a', keys: new Map([['b', KEY]]) })).toThrow(/no key "a"/);
    expect(() => new AesGcmPayloadCodec({ currentKeyId: 'a', keys: new Map([['a', randomBytes(16)]]) })).toThrow(/16 bytes/);
  });
});

describe('codecDataConverter', () => {
  it('is undefined without a key and carries the codec with one', async () => {
    expect(codecDataConverter({})).toBeUndefined();
    const converter = codecDataConverter({ AUGCON_PAYLOAD_KEY: KEY.toString('base64'), AUGCON_PAYLOAD_KEY_ID: 'team-a' });
    expect(converter?.payloadCodecs).toHaveLength(1);
    const [encrypted] = await converter!.payloadCodecs![0]!.encode([plainPayload()]);
    expect(Buffer.from(encrypted!.metadata![METADATA_KEY_ID]!).toString()).toBe('team-a');
    expect(defaultPayloadConverter.fromPayload((await converter!.payloadCodecs![0]!.decode([encrypted!]))[0]!)).toEqual(INPUT);
  });

  it('with a key, also encrypts failure messages and stack traces', async () => {
    expect(codecDataConverter({})?.failureConverterPath).toBeUndefined();
    const converter = codecDataConverter({ AUGCON_PAYLOAD_KEY: KEY.toString('base64') })!;
    // The SDK loads the failure converter from this module, in the client, the worker and workflow code.
    expect(converter.failureConverterPath).toBe(require.resolve('./failure-converter'));
    const [converterCodec] = converter.payloadCodecs!;

    const failure = failureConverter.errorToFailure(ApplicationFailure.create({ type: 'CorpusError', message: 'cannot read /secret/corpus/contracts' }), defaultPayloadConverter);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    const [encrypted] = await converterCodec!.encode([failure.encodedAttributes as Payload]);
    expect(encoding(encrypted!)).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(encrypted!.data!).includes('/secret/corpus')).toBe(false);

    const [decrypted] = await converterCodec!.decode([encrypted!]);
    const error = failureConverter.failureToError({ ...failure, encodedAttributes: decrypted }, defaultPayloadConverter);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error.message).toBe('cannot read /secret/corpus/contracts');
    expect(error.stack).toContain('aes-gcm-codec.test');
  });
});
