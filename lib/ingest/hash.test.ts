import { describe, expect, it } from 'vitest';
import { hashedChunks, sha256Hex } from './hash';
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
      expect(h.digest()).toBeNull();
      seen.push(new TextDecoder().decode(c));
    }
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(h.digest()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
