import { describe, expect, it } from 'vitest';
import { hashedChunks, hashService, sha256Hex, type StreamHasher } from './hash';
import { chunksFromBlob } from './blob';

describe('sha256Hex', () => {
  it('matches the known digest of "abc" whatever the chunking', async () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(await sha256Hex(chunksFromBlob(new Blob(['abc'])))).toBe(abc);
    expect(await sha256Hex(chunksFromBlob(new Blob(['abc']), 1))).toBe(abc);
  });
  it('hashes an empty stream', async () => {
    expect(await sha256Hex(chunksFromBlob(new Blob([])))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('hashedChunks', () => {
  it('passes every chunk through unchanged and knows the digest only once the stream has ended', async () => {
    const h = hashedChunks(chunksFromBlob(new Blob(['a', 'b', 'c']), 1));
    const seen: string[] = [];
    for await (const c of h.chunks) {
      expect(await h.digest()).toBeNull();
      seen.push(new TextDecoder().decode(c));
    }
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(await h.digest()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('hashService (the hash worker)', () => {
  it('gives the same digest as this thread, stream after stream', async () => {
    const svc = hashService();
    const remote: StreamHasher = { update: (c) => svc.update(c), digest: async () => svc.digest() };
    for (const text of ['abc', 'a longer stream of bytes']) {
      svc.open();
      const h = hashedChunks(chunksFromBlob(new Blob([text]), 3), remote);
      for await (const c of h.chunks) void c;
      expect(await h.digest()).toBe(await sha256Hex(chunksFromBlob(new Blob([text]))));
    }
  });
});
