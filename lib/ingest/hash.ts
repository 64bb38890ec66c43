import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** SHA-256 of a byte stream, hex. Links name uploaded files by it, so a different file is refused. */
export async function sha256Hex(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const h = sha256.create();
  for await (const c of chunks) h.update(c);
  return bytesToHex(h.digest());
}

/**
 * The same chunks, hashed as they pass: one read of a file gives both its parse and its SHA-256
 * (an upload used to be read twice, hash first). `digest()` is the hex hash once the chunks have
 * been read to the end, and null before (a load stopped midway has no hash).
 */
export function hashedChunks(chunks: AsyncIterable<Uint8Array>): { chunks: AsyncGenerator<Uint8Array>; digest: () => string | null } {
  const h = sha256.create();
  let hex: string | null = null;
  const through = (async function* () {
    for await (const c of chunks) {
      h.update(c);
      yield c;
    }
    hex = bytesToHex(h.digest());
  })();
  return { chunks: through, digest: () => hex };
}
