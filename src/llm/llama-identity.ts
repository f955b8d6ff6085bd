/**
 * What identifies a GGUF model for the response cache: the sha256 of the file's content, never its
 * name (two files called model.gguf must not share replies). The file is streamed once per process;
 * the digest is kept in memory, keyed by path, size and modification time.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';

const digests = new Map<string, Promise<string>>();

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The sha256 (hex) of a file's content, computed once per process for an unchanged file. */
export async function fileSha256(path: string): Promise<string> {
  const resolved = await realpath(path);
  const info = await stat(resolved);
  const key = `${resolved}\0${info.size}\0${info.mtimeMs}`;
  let digest = digests.get(key);
  if (!digest) {
    digest = hashFile(resolved);
    digests.set(key, digest);
    digest.catch(() => digests.delete(key));
  }
  return digest;
}

/** The in-process provider's ChatProvider.identity for a GGUF file with this sha256. */
export function ggufIdentity(sha256: string): string {
  return `gguf sha256:${sha256}`;
}
