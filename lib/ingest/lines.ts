/**
 * Streaming line splitter: bytes (optionally gzip, single or multi-member) → UTF-8 text → lines.
 * Works chunk by chunk so a file is never held whole, and yields one array of lines per slice of
 * input rather than one async step per line (an await per line would dominate parse time).
 */
import { Gunzip } from 'fflate';

/** Lines decoded from one slice of input. */
export interface LineBlock {
  lines: string[];
  /** 1-based line number of lines[0] */
  firstLine: number;
  /** input bytes consumed so far (compressed bytes for gzip, to compare with File.size) */
  bytesRead: number;
}

/**
 * Input chunks are decoded at most this many bytes at a time, so one huge chunk (a 4 MiB Blob
 * slice, a whole test file) neither builds one huge string nor delays abort checks.
 */
const MAX_SLICE = 256 * 1024;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Splits decoded text into lines on `\n`, dropping one trailing `\r` per line. Invalid UTF-8
 * becomes U+FFFD; a UTF-8 byte-order mark at the start is dropped; a character split across
 * pushes is reassembled. A last line without a newline is returned by end().
 */
export class LineSplitter {
  // Non-streaming decode takes engines' fast path (simdutf in Node: ≈ 1.8× `stream: true`),
  // so an incomplete character at the end of a push is held back here instead.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private held: Uint8Array | null = null;
  private tail = '';
  private first = true;

  push(bytes: Uint8Array): string[] {
    let b = bytes;
    if (this.held !== null) {
      b = new Uint8Array(this.held.length + bytes.length);
      b.set(this.held);
      b.set(bytes, this.held.length);
      this.held = null;
    }
    const cut = completeLength(b);
    if (cut < b.length) {
      this.held = b.slice(cut);
      b = b.subarray(0, cut);
    }
    return this.split(this.decode(b), false);
  }

  end(): string[] {
    const rest = this.held === null ? '' : this.decode(this.held);
    this.held = null;
    return this.split(rest, true);
  }

  private decode(b: Uint8Array): string {
    let text = this.decoder.decode(b);
    if (this.first && b.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }

  private split(text: string, final: boolean): string[] {
    const s = this.tail.length === 0 ? text : this.tail + text;
    const out: string[] = [];
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      out.push(s.slice(start, end));
      start = nl + 1;
    }
    this.tail = start === 0 ? s : s.slice(start);
    if (final && this.tail.length > 0) {
      const t = this.tail;
      out.push(t.charCodeAt(t.length - 1) === 13 ? t.slice(0, -1) : t);
      this.tail = '';
    }
    return out;
  }
}

/**
 * Length of the prefix of b that ends on a character boundary: an incomplete multi-byte
 * sequence at the very end (at most 3 bytes) is left for the next push. Anything invalid is
 * left to the decoder, which turns it into U+FFFD.
 */
export function completeLength(b: Uint8Array): number {
  const n = b.length;
  if (n === 0 || b[n - 1] < 0x80) return n;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k];
    if (c >= 0xc0) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return need > k ? n - k : n;
    }
    if (c < 0x80) return n; // not inside a sequence
  }
  return n;
}

function* slices(chunk: Uint8Array): Generator<Uint8Array> {
  if (chunk.length <= MAX_SLICE) {
    yield chunk;
    return;
  }
  for (let off = 0; off < chunk.length; off += MAX_SLICE) yield chunk.subarray(off, Math.min(chunk.length, off + MAX_SLICE));
}

/** Lines of a byte stream, gzip detected by its magic bytes (1f 8b). */
export async function* readLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<LineBlock> {
  const splitter = new LineSplitter();
  let lineNo = 1;
  let bytesRead = 0;
  let mode: 'unknown' | 'plain' | 'gzip' = 'unknown';
  let head: Uint8Array = new Uint8Array(0);
  let gunzip: Gunzip | null = null;
  let inflated: string[] = [];

  function block(lines: string[]): LineBlock {
    const b = { lines, firstLine: lineNo, bytesRead };
    lineNo += lines.length;
    return b;
  }

  function decode(bytes: Uint8Array, final: boolean): string[] {
    if (mode === 'plain') {
      const lines = splitter.push(bytes);
      return final ? lines.concat(splitter.end()) : lines;
    }
    if (gunzip === null) {
      gunzip = new Gunzip((data, last) => {
        for (const l of splitter.push(data)) inflated.push(l);
        if (last) for (const l of splitter.end()) inflated.push(l);
      });
    }
    try {
      gunzip.push(bytes, final);
    } catch (e) {
      throw new Error(`corrupt gzip data after ${bytesRead} bytes: ${(e as Error).message}`, { cause: e });
    }
    const lines = inflated;
    inflated = [];
    return lines;
  }

  for await (const chunk of chunks) {
    for (let bytes of slices(chunk)) {
      bytesRead += bytes.length;
      if (mode === 'unknown') {
        // the magic is two bytes: wait for them even if the first chunk has only one
        const joined: Uint8Array = new Uint8Array(head.length + bytes.length);
        joined.set(head);
        joined.set(bytes, head.length);
        if (joined.length < 2) {
          head = joined;
          continue;
        }
        mode = isGzip(joined) ? 'gzip' : 'plain';
        bytes = joined;
        head = new Uint8Array(0);
      }
      // yielded even when empty: the driver checks abort and reports progress per block
      yield block(decode(bytes, false));
    }
  }
  if (mode === 'unknown') mode = 'plain';
  const last = decode(head, true);
  if (last.length > 0) yield block(last);
}
