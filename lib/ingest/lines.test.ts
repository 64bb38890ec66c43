import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './limits';
import { readLines, type LineBlock, type ReadOptions } from './lines';
import { completeLength, LineSplitter } from './splitter';
import { chunksOf } from './testing';

const enc = (s: string) => new TextEncoder().encode(s);

async function collect(bytes: Uint8Array, size: number, options?: ReadOptions): Promise<{ lines: string[]; firsts: number[]; bytesRead: number }> {
  const lines: string[] = [];
  const firsts: number[] = [];
  let bytesRead = 0;
  for await (const b of readLines(chunksOf(bytes, size), options)) {
    if (b.lines.length > 0) firsts.push(b.firstLine);
    expect(b.firstLine).toBe(lines.length + 1);
    lines.push(...b.lines);
    bytesRead = b.bytesRead;
  }
  return { lines, firsts, bytesRead };
}

describe('readLines', () => {
  it('splits on LF, CRLF and a lone CR, and keeps a last line without a line break', async () => {
    for (const size of [1, 2, 3, 100]) {
      const { lines, bytesRead } = await collect(enc('a\r\nb\n\nc\r\r\nd\re\r\rlast'), size);
      expect(lines).toEqual(['a', 'b', '', 'c', '', 'd', 'e', '', 'last']);
      expect(bytesRead).toBe(19);
    }
  });

  it('does not invent a line after a final CR or CRLF', async () => {
    for (const size of [1, 2, 100]) {
      expect((await collect(enc('x\r'), size)).lines).toEqual(['x']);
      expect((await collect(enc('x\r\n'), size)).lines).toEqual(['x']);
      expect((await collect(enc('x\r\r'), size)).lines).toEqual(['x', '']);
    }
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

  it('reports corrupt or truncated gzip as an error naming the file and the offset', async () => {
    const gz = gzipSync(enc('x\n'.repeat(1000)));
    const read = (bytes: Uint8Array) => collect(bytes, 64, { name: 'a.log.gz' });
    await expect(read(gz.subarray(0, gz.length - 20))).rejects.toThrow(/^a\.log\.gz: gzip data is corrupt or truncated after \d+ compressed bytes/);
    // cut inside the trailer, or right after the header: fflate inflates without complaint, the size check does not
    await expect(read(gz.subarray(0, gz.length - 3))).rejects.toThrow(/^a\.log\.gz: gzip data is truncated/);
    await expect(read(gz.subarray(0, 10))).rejects.toThrow(/^a\.log\.gz: gzip data is truncated/);
    const junk = new Uint8Array([...gz, ...enc('junk after the member')]);
    await expect(read(junk)).rejects.toThrow(/^a\.log\.gz: gzip data is corrupt/);
    // an empty gzip member is a complete file with no lines
    expect((await read(gzipSync(new Uint8Array(0)))).lines).toEqual([]);
  });

  it('names other archive formats instead of reading them as text', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]);
    await expect(collect(zip, 3, { name: 'logs.zip' })).rejects.toThrow('logs.zip: this is a zip archive, not a text log');
    const xz = new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 4]);
    await expect(collect(xz, 100, { name: 'a.xz' })).rejects.toThrow('a.xz: this is a xz file');
    // "BZh" alone is printable text, not a bzip2 file
    expect((await collect(enc('BZh is not an archive\n'), 100)).lines).toEqual(['BZh is not an archive']);
  });

  it('stops a gzip bomb by its ratio and caps the output', async () => {
    const bomb = gzipSync(new Uint8Array(4 << 20).fill(0x0a));
    const limits = { ...DEFAULT_LIMITS, gzipRatioAfterBytes: 1 << 20 };
    await expect(collect(bomb, 1 << 20, { name: 'b.gz', limits })).rejects.toThrow(/^b\.gz: stopped decompressing: .* more than 250 times its size/);
    const log = gzipSync(enc('a log line that repeats\n'.repeat(10_000)));
    await expect(collect(log, 1 << 20, { name: 'c.gz', limits: { ...DEFAULT_LIMITS, gzipMaxOutputBytes: 100_000 } })).rejects.toThrow(
      /^c\.gz: stopped decompressing at 97\.7 KiB, the cap for one \.gz file/,
    );
    // the same file under the default caps reads whole
    expect((await collect(log, 1 << 20)).lines).toHaveLength(10_000);
  });

  it('rejects nothing itself but cuts a line over the length limit to its start, in linear time', async () => {
    const limits = { ...DEFAULT_LIMITS, maxLineChars: 10 };
    for (const size of [1, 4, 100]) {
      const blocks: LineBlock[] = [];
      for await (const b of readLines(chunksOf(enc(`short\n${'x'.repeat(600)}\r\nexactly10c\n${'y'.repeat(11)}`), size), { limits })) blocks.push(b);
      const lines = blocks.flatMap((b) => b.lines);
      const long = blocks.flatMap((b) => b.long.map((l) => ({ line: b.firstLine + l.index, chars: l.chars })));
      expect(lines).toEqual(['short', 'x'.repeat(500), 'exactly10c', 'y'.repeat(11)]);
      // the start kept of an over-long line stops at its own line break
      const two: string[] = [];
      for await (const b of readLines(chunksOf(enc(`${'z'.repeat(12)}\nnext\r\n`), size), { limits })) two.push(...b.lines);
      expect(two).toEqual(['z'.repeat(12), 'next']);
      expect(long).toEqual([
        { line: 2, chars: 600 },
        { line: 4, chars: 11 },
      ]);
    }
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
    s.push(enc('ab'));
    expect(s.take().lines).toEqual([]);
    s.push(enc('c\nd'));
    expect(s.take().lines).toEqual(['abc']);
    s.end();
    expect(s.take().lines).toEqual(['d']);
  });
});
