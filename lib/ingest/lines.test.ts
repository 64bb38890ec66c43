import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { completeLength, LineSplitter, readLines } from './lines';
import { chunksOf } from './testing';

const enc = (s: string) => new TextEncoder().encode(s);

async function collect(bytes: Uint8Array, size: number): Promise<{ lines: string[]; firsts: number[]; bytesRead: number }> {
  const lines: string[] = [];
  const firsts: number[] = [];
  let bytesRead = 0;
  for await (const b of readLines(chunksOf(bytes, size))) {
    if (b.lines.length > 0) firsts.push(b.firstLine);
    expect(b.firstLine).toBe(lines.length + 1);
    lines.push(...b.lines);
    bytesRead = b.bytesRead;
  }
  return { lines, firsts, bytesRead };
}

describe('readLines', () => {
  it('splits on \\n, strips one \\r, keeps a last line without newline', async () => {
    const { lines, bytesRead } = await collect(enc('a\r\nb\n\nc\r\r\nlast'), 3);
    expect(lines).toEqual(['a', 'b', '', 'c\r', 'last']);
    expect(bytesRead).toBe(14);
  });

  it('does not invent a line after a final newline, and yields nothing for empty input', async () => {
    expect((await collect(enc('x\n'), 1)).lines).toEqual(['x']);
    expect((await collect(enc(''), 1)).lines).toEqual([]);
    expect((await collect(enc('\n'), 1)).lines).toEqual(['']);
  });

  it('reassembles multi-byte characters split at every possible byte boundary', async () => {
    const text = 'é😀日本\r\nzß€\n';
    const bytes = enc(text);
    for (let size = 1; size <= bytes.length; size++) {
      expect((await collect(bytes, size)).lines).toEqual(['é😀日本', 'zß€']);
    }
  });

  it('turns invalid UTF-8 into U+FFFD instead of failing', async () => {
    const bytes = new Uint8Array([0x61, 0xff, 0x62, 0x0a, 0xe6, 0x97, 0x0a, 0x63, 0xc3]);
    for (const size of [1, 2, 9]) {
      expect((await collect(bytes, size)).lines).toEqual(['a\ufffdb', '\ufffd', 'c\ufffd']);
    }
  });

  it('drops a UTF-8 byte-order mark only at the start of the file', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc('a\n'), 0xef, 0xbb, 0xbf, ...enc('b')]);
    for (const size of [1, 2, 100]) expect((await collect(bytes, size)).lines).toEqual(['a', '\ufeffb']);
  });

  it('gunzips single- and multi-member gzip, counting compressed bytes read', async () => {
    const a = gzipSync(enc('one\ntwo\nthr'));
    const b = gzipSync(enc('ee\nfour\n'));
    const multi = new Uint8Array([...a, ...b]);
    for (const size of [1, 7, multi.length]) {
      const r = await collect(multi, size);
      expect(r.lines).toEqual(['one', 'two', 'three', 'four']);
      expect(r.bytesRead).toBe(multi.length);
    }
    expect((await collect(a, 5)).lines).toEqual(['one', 'two', 'thr']);
  });

  it('reports corrupt or truncated gzip as an error naming the offset', async () => {
    const gz = gzipSync(enc('x\n'.repeat(1000)));
    await expect(collect(gz.subarray(0, gz.length - 20), 64)).rejects.toThrow(/corrupt gzip data after \d+ bytes/);
  });

  it('treats a one-byte file as text even though it starts like gzip magic', async () => {
    expect((await collect(new Uint8Array([0x1f]), 1)).lines).toEqual(['\x1f']);
  });

  it('decodes one huge chunk in bounded slices, in order', async () => {
    const text = Array.from({ length: 60_000 }, (_, i) => `line ${i} é`).join('\n');
    const r = await collect(enc(text), 10_000_000);
    expect(r.lines.length).toBe(60_000);
    expect(r.lines[59_999]).toBe('line 59999 é');
    expect(r.firsts.length).toBeGreaterThan(1);
  });
});

describe('LineSplitter / completeLength', () => {
  it('holds back only an incomplete trailing sequence', () => {
    expect(completeLength(enc('ab'))).toBe(2);
    expect(completeLength(new Uint8Array([0x61, 0xe6, 0x97]))).toBe(1);
    expect(completeLength(new Uint8Array([0x61, 0xe6, 0x97, 0xa5]))).toBe(4);
    expect(completeLength(new Uint8Array([0xf0, 0x9f, 0x98]))).toBe(0);
    expect(completeLength(new Uint8Array([0x80, 0x80, 0x80, 0x80]))).toBe(4);
  });

  it('returns the unterminated tail only at end()', () => {
    const s = new LineSplitter();
    expect(s.push(enc('ab'))).toEqual([]);
    expect(s.push(enc('c\nd'))).toEqual(['abc']);
    expect(s.end()).toEqual(['d']);
  });
});
