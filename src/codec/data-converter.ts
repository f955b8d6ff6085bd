/**
 * The data converter of every augcon process that talks to Temporal (worker, CLI, client API): with a
 * payload key configured, payloads are encrypted before they leave the process; without one, the
 * SDK's default converter is used unchanged.
 */
import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './aes-gcm-codec';
import { loadCodecKeys } from './payload-keys';

/** The codec configured in `env`, or undefined when no payload key is set. @throws CodecKeyError */
export function codecFromEnv(env: NodeJS.ProcessEnv = process.env): AesGcmPayloadCodec | undefined {
  const keys = loadCodecKeys(env);
  return keys ? new AesGcmPayloadCodec(keys) : undefined;
}

/** The module of the failure converter that moves messages and stack traces into an encoded payload. */
export const ENCODING_FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/**
 * When a payload key is configured in `env`: the codec, and the failure converter that hands it failure
 * messages and stack traces too; undefined otherwise. Pass it as `dataConverter` to `new Client`,
 * `Worker.create` alike (they must agree). Workflow code gets the failure converter only from its bundle:
 * createAugconWorkers therefore bundles the workflows at start-up when it is set.
 * @throws CodecKeyError when a key setting is malformed.
 */
export function codecDataConverter(env: NodeJS.ProcessEnv = process.env): DataConverter | undefined {
  const codec = codecFromEnv(env);
  return codec ? { payloadCodecs: [codec], failureConverterPath: ENCODING_FAILURE_CONVERTER_PATH } : undefined;
}
