/**
 * UTF-8 bytes → lines, push by push. A line ends at LF, CRLF or a lone CR (old Mac files, and records some
 * writers separate by CR only). A line longer than the limit is not held: it comes out as its
 * first REJECT_TEXT_MAX characters plus its length (`long`), and splitting skips to the next line
 * break, so the cost stays linear in the input however long the line.
 */
import { DEFAULT_LIMITS } from './limits';
import { REJECT_TEXT_MAX } from './types';

/** A line over the length limit: lines[index] holds only its start. */
export interface LongLine {
  /** index into the block's (or split's) lines */
  index: number;
  /** the whole line's length in characters */
  chars: number;
}

export interface Split {
  lines: string[];
  long: LongLine[];
}

const LF = 10;

/**
 * Splits decoded text into lines. Invalid UTF-8 becomes U+FFFD; a UTF-8 byte-order mark at the
 * start is dropped; a character split across pushes is reassembled, and so is a CRLF. A last
 * line without a line break comes out at end(). Lines collect until take().
 */
export class LineSplitter {
  // Non-streaming decode takes engines' fast path (simdutf in Node: ≈ 1.8× `stream: true`),
  // so an incomplete character at the end of a push is held back here instead.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private held: Uint8Array | null = null;
  private first = true;
  /** pieces of the line still open at the end of the last push (never more than the limit) */
  private parts: string[] = [];
  private partLen = 0;
  /** the open line is over the limit: only its start and its length are kept */
  private skipping = false;
  private skipChars = 0;
  private stub = '';
  /** the last push ended in CR: an LF at the start of the next one belongs to it */
  private pendingCR = false;
  private out: string[] = [];
  private long: LongLine[] = [];

  constructor(private readonly maxLineChars: number = DEFAULT_LIMITS.maxLineChars) {
    if (!(maxLineChars >= 1)) throw new Error(`invalid line length limit: ${maxLineChars}`);
  }

  push(bytes: Uint8Array): void {
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
    this.split(this.decode(b));
  }

  end(): void {
    if (this.held !== null) this.split(this.decode(this.held));
    this.held = null;
    if (this.skipping) this.emitLong(this.stub, this.skipChars);
    else if (this.partLen > 0) this.out.push(this.joinParts());
    this.resetOpen();
  }

  /** The lines completed since the last take(). */
  take(): Split {
    const r = { lines: this.out, long: this.long };
    this.out = [];
    this.long = [];
    return r;
  }

  private decode(b: Uint8Array): string {
    let text = this.decoder.decode(b);
    if (this.first && b.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }

  private split(text: string): void {
    const n = text.length;
    let start = 0;
    if (this.pendingCR && n > 0) {
      this.pendingCR = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    // Two cursors, each moved only past where it was found, keep the scan linear; a file
    // without CR costs one failed indexOf per push.
    let lf = text.indexOf('\n', start);
    let cr = text.indexOf('\r', start);
    for (;;) {
      let end: number;
      let next: number;
      if (lf >= 0 && (cr < 0 || lf < cr)) {
        end = lf;
        next = lf + 1;
        lf = text.indexOf('\n', next);
      } else if (cr >= 0) {
        end = cr;
        next = cr + 1;
        if (next === n) this.pendingCR = true;
        else if (text.charCodeAt(next) === LF) {
          next++;
          lf = text.indexOf('\n', next);
        }
        cr = text.indexOf('\r', next);
      } else {
        break;
      }
      this.emit(text, start, end);
      start = next;
    }
    if (start < n) this.extend(text, start);
  }

  /** Ends the open line (if any) with text[start..end). */
  private emit(text: string, start: number, end: number): void {
    const max = this.maxLineChars;
    if (this.skipping) {
      this.growStub(text, start, end);
      this.emitLong(this.stub, this.skipChars + end - start);
    } else if (this.partLen === 0) {
      if (end - start <= max) this.out.push(text.slice(start, end));
      else this.emitLong(text.slice(start, Math.min(end, start + REJECT_TEXT_MAX)), end - start);
      return;
    } else if (this.partLen + end - start <= max) {
      this.parts.push(text.slice(start, end));
      this.out.push(this.joinParts());
    } else {
      this.emitLong(this.prefix(text, start, end), this.partLen + end - start);
    }
    this.resetOpen();
  }

  /** Text from `start` to the end of the push starts or continues the open line. */
  private extend(text: string, start: number): void {
    const len = text.length - start;
    if (this.skipping) {
      this.growStub(text, start, text.length);
      this.skipChars += len;
    } else if (this.partLen + len > this.maxLineChars) {
      this.stub = this.prefix(text, start, text.length);
      this.skipping = true;
      this.skipChars = this.partLen + len;
      this.parts = [];
      this.partLen = 0;
    } else {
      this.parts.push(text.slice(start));
      this.partLen += len;
    }
  }

  /** With a limit below REJECT_TEXT_MAX the stub is still filled up to it, so the reject shows as much as any other. */
  private growStub(text: string, start: number, end: number): void {
    const room = REJECT_TEXT_MAX - this.stub.length;
    if (room > 0) this.stub += text.slice(start, Math.min(end, start + room));
  }

  private emitLong(stub: string, chars: number): void {
    this.long.push({ index: this.out.length, chars });
    this.out.push(stub);
  }

  /** The open line's first REJECT_TEXT_MAX characters, continued by text[start..end). */
  private prefix(text: string, start: number, end: number): string {
    const head = this.joinParts().slice(0, REJECT_TEXT_MAX);
    return head + text.slice(start, Math.min(end, start + REJECT_TEXT_MAX - head.length));
  }

  private joinParts(): string {
    return this.parts.length === 1 ? this.parts[0] : this.parts.join('');
  }

  private resetOpen(): void {
    if (this.partLen > 0) this.parts = [];
    this.partLen = 0;
    this.skipping = false;
    this.skipChars = 0;
    this.stub = '';
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
