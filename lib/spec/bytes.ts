/**
 * Byte-level pieces of the link format: base64url without padding and a raw-DEFLATE inflater that
 * stops at a size limit. Own base64 so the same code runs in browsers, workers and Node without
 * Buffer or the lenient atob (which skips whitespace).
 */
import { Inflate } from 'fflate';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63];
  }
  return out;
}

/** The bytes, or null when `text` is not unpadded base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? LOOKUP[c] : -1;
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

export type InflateResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'too-large'; inflated: number }
  | { ok: false; reason: 'corrupt'; detail: string };

/**
 * fflate inflates everything pushed in one call, so input goes in small slices: one slice of
 * DEFLATE expands to at most ~1032× its size, which bounds the work done past `maxBytes`.
 */
const SLICE = 256;
const TOO_LARGE = Symbol('too-large');

/** Inflates raw DEFLATE, giving up as soon as the output would pass `maxBytes`. */
export function inflateRawBounded(data: Uint8Array, maxBytes: number): InflateResult {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > maxBytes) throw TOO_LARGE;
    chunks.push(chunk);
  });
  if (data.length === 0) return { ok: false, reason: 'corrupt', detail: 'no data' };
  try {
    for (let at = 0; at < data.length; at += SLICE) {
      const end = Math.min(at + SLICE, data.length);
      inflater.push(data.subarray(at, end), end === data.length);
    }
  } catch (e) {
    if (e === TOO_LARGE) return { ok: false, reason: 'too-large', inflated: total };
    return { ok: false, reason: 'corrupt', detail: e instanceof Error ? e.message : String(e) };
  }
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    bytes.set(c, o);
    o += c.length;
  }
  return { ok: true, bytes };
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE, as in zip and PNG). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
