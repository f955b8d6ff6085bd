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

/**
 * `{ payloadCodecs: [codec] }` when a payload key is configured in `env`, undefined otherwise; pass it
 * as `dataConverter` to `new Client`, `Worker.create` alike (they must agree).
 * @throws CodecKeyError when a key setting is malformed.
 */
export function codecDataConverter(env: NodeJS.ProcessEnv = process.env): DataConverter | undefined {
  const codec = codecFromEnv(env);
  return codec ? { payloadCodecs: [codec] } : undefined;
}
