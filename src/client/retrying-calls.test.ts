import { randomBytes } from 'node:crypto';
import { ApplicationFailure, defaultFailureConverter, defaultPayloadConverter, type LoadedDataConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { AesGcmPayloadCodec } from '../codec/aes-gcm-codec';
import { failureConverter as encodingFailureConverter } from '../codec/failure-converter';
import { failureOf } from './retrying-calls';

const codec = new AesGcmPayloadCodec({ currentKeyId: 'augcon-1', keys: new Map([['augcon-1', randomBytes(32)]]) });
const MESSAGE = 'LLM endpoint answered HTTP 500: upstream overloaded';

function converter(codecs: AesGcmPayloadCodec[], encodeFailures: boolean): LoadedDataConverter {
  return { payloadConverter: defaultPayloadConverter, failureConverter: encodeFailures ? encodingFailureConverter : defaultFailureConverter, payloadCodecs: codecs };
}

/** The failure as the server holds it: converted, then (with a key) its encoded attributes encrypted. */
async function storedFailure(loaded: LoadedDataConverter): Promise<temporal.api.failure.v1.IFailure> {
  const failure = loaded.failureConverter.errorToFailure(ApplicationFailure.retryable(MESSAGE, 'LlmServerError'), loaded.payloadConverter);
  if (failure.encodedAttributes) {
    let payloads = [failure.encodedAttributes];
    for (const c of loaded.payloadCodecs) payloads = await c.encode(payloads);
    failure.encodedAttributes = payloads[0]!;
  }
  return failure;
}

describe('failureOf', () => {
  it('reads the class and message of a failure in the clear', async () => {
    const plain = converter([], false);
    expect(await failureOf(plain, await storedFailure(plain))).toEqual({ type: 'LlmServerError', message: MESSAGE });
  });

  it('decrypts the message of a failure encoded with the payload key', async () => {
    const keyed = converter([codec], true);
    const stored = await storedFailure(keyed);
    // What the server holds: the class in the clear, the message only encrypted.
    expect(stored.message).not.toContain('HTTP 500');
    expect(Buffer.from(stored.encodedAttributes!.data!).includes('HTTP 500')).toBe(false);
    expect(await failureOf(keyed, stored)).toEqual({ type: 'LlmServerError', message: MESSAGE });
    // Without the key: the class and the server's placeholder, never an exception.
    expect(await failureOf(converter([], true), stored)).toEqual({ type: 'LlmServerError', message: stored.message });
  });

  it('names failures that are not application failures by their kind', async () => {
    expect(await failureOf(converter([], false), { message: 'activity StartToClose timeout', timeoutFailureInfo: {} })).toEqual({ type: 'TimeoutFailure', message: 'activity StartToClose timeout' });
    expect(await failureOf(converter([], false), undefined)).toBeUndefined();
  });
});
