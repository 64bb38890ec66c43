import { describe, expect, it } from 'vitest';
import { sha256Hex } from './hash';
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
