/** Optional payload encryption: the AES-256-GCM codec, its keys, its data converter and the codec server. */
export { AesGcmPayloadCodec, ENCRYPTED_ENCODING, METADATA_KEY_ID, PayloadDecryptionError } from './aes-gcm-codec';
export { codecDataConverter, codecFromEnv, ENCODING_FAILURE_CONVERTER_PATH } from './data-converter';
export { CodecKeyError, DEFAULT_PAYLOAD_KEY_ID, loadCodecKeys, PAYLOAD_KEY_BYTES, type CodecKeys } from './payload-keys';
export { DEFAULT_CODEC_SERVER_PORT, DEFAULT_UI_ORIGINS, startCodecServer, type CodecServer, type CodecServerOptions } from './codec-server';
