import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32, fromBase64Url, inflateRawBounded, toBase64Url } from './bytes';

describe('base64url', () => {
  it('matches Node for every length 0..64 and round-trips', () => {
    for (let n = 0; n <= 64; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 73 + n * 11) & 0xff);
      const text = toBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64Url(text)).toEqual(bytes);
    }
  });
  it('refuses characters outside the alphabet and impossible lengths', () => {
    for (const bad of ['a', 'ab=c', 'ab+c', 'ab/c', 'ab c', 'abé', 'abcde']) expect(fromBase64Url(bad), bad).toBeNull();
  });
});

describe('crc32', () => {
  it('gives the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('inflateRawBounded', () => {
  const text = new TextEncoder().encode('hello '.repeat(1000));
  it('inflates within the limit', () => {
    expect(inflateRawBounded(deflateSync(text), text.length)).toEqual({ ok: true, bytes: text });
  });
  it('stops one byte past the limit', () => {
    expect(inflateRawBounded(deflateSync(text), text.length - 1)).toMatchObject({ ok: false, reason: 'too-large' });
  });
  it('reports corrupt and truncated data', () => {
    const d = deflateSync(text);
    expect(inflateRawBounded(d.subarray(0, d.length - 2), 1e6)).toMatchObject({ ok: false, reason: 'corrupt' });
    expect(inflateRawBounded(new Uint8Array([0xff, 0xff, 0xff]), 1e6)).toMatchObject({ ok: false, reason: 'corrupt' });
    expect(inflateRawBounded(new Uint8Array(0), 1e6)).toMatchObject({ ok: false, reason: 'corrupt' });
  });
});
