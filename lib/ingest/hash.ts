import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** SHA-256 of a byte stream, hex. Links name uploaded files by it, so a different file is refused. */
export async function sha256Hex(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const h = sha256.create();
  for await (const c of chunks) h.update(c);
  return bytesToHex(h.digest());
}

/** Where a stream's SHA-256 is computed: in this thread (localHasher) or in the tab's hash worker. */
export interface StreamHasher {
  /** the next bytes of the stream, in order */
  update(chunk: Uint8Array): void;
  /** hex, once every chunk has been given */
  digest(): Promise<string>;
}

function localHasher(): StreamHasher {
  const h = sha256.create();
  return { update: (c) => void h.update(c), digest: async () => bytesToHex(h.digest()) };
}

/** What the tab's hash worker answers (workers/hash.worker.ts): one stream at a time, `open` starts the next. */
export interface HashApi {
  open(): void;
  update(chunk: Uint8Array): void;
  digest(): string;
}

export function hashService(): HashApi {
  let h = sha256.create();
  return {
    open: () => void (h = sha256.create()),
    update: (c) => void h.update(c),
    digest: () => bytesToHex(h.digest()),
  };
}

/**
 * The same chunks, hashed as they pass: one read of a file gives both its parse and its SHA-256
 * (an upload used to be read twice, hash first). `digest()` is the hex hash once the chunks have
 * been read to the end, and null before (a load stopped midway has no hash).
 */
export function hashedChunks(
  chunks: AsyncIterable<Uint8Array>,
  hasher: StreamHasher = localHasher(),
): { chunks: AsyncGenerator<Uint8Array>; digest: () => Promise<string | null> } {
  let ended = false;
  const through = (async function* () {
    for await (const c of chunks) {
      hasher.update(c);
      yield c;
    }
    ended = true;
  })();
  return { chunks: through, digest: async () => (ended ? hasher.digest() : null) };
}
