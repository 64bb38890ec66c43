import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** SHA-256 of a byte stream, hex. Links name uploaded files by it, so a different file is refused. */
export async function sha256Hex(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const h = sha256.create();
  for await (const c of chunks) h.update(c);
  return bytesToHex(h.digest());
}
