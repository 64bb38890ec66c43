/**
 * Streaming line reader: bytes (optionally gzip, single or multi-member) → UTF-8 text → lines.
 * Works chunk by chunk so a file is never held whole, and yields one array of lines per slice of
 * input rather than one async step per line (an await per line would dominate parse time). The
 * splitting rules (LF, CRLF, lone CR; the line length limit) are LineSplitter's.
 */
import { archiveKind, GzipDecoder, isGzip } from './gzip';
import { DEFAULT_LIMITS, type IngestLimits } from './limits';
import { LineSplitter, type LongLine } from './splitter';

/** Lines decoded from one slice of input. */
export interface LineBlock {
  lines: string[];
  /** lines over the length limit, in order (usually none) */
  long: LongLine[];
  /** 1-based line number of lines[0] */
  firstLine: number;
  /** input bytes consumed so far (compressed bytes for gzip, to compare with File.size) */
  bytesRead: number;
}

/** Bytes looked at before deciding between text, gzip and other archives (bzip2's magic is the longest). */
const MAGIC_BYTES = 10;

/**
 * Input chunks are decoded at most this many bytes at a time, so one huge chunk (a 4 MiB Blob
 * slice, a whole test file) neither builds one huge string nor delays abort checks.
 */
const MAX_SLICE = 256 * 1024;

function* slices(chunk: Uint8Array): Generator<Uint8Array> {
  if (chunk.length <= MAX_SLICE) {
    yield chunk;
    return;
  }
  for (let off = 0; off < chunk.length; off += MAX_SLICE) yield chunk.subarray(off, Math.min(chunk.length, off + MAX_SLICE));
}

function sniff(head: Uint8Array, name: string): 'plain' | 'gzip' {
  const archive = archiveKind(head);
  if (archive !== null) throw new Error(`${name}: this is a ${archive}, not a text log; unpack it first (only gzip is read directly)`);
  return isGzip(head) ? 'gzip' : 'plain';
}

export interface ReadOptions {
  /** the file's name, put at the start of every error */
  name?: string;
  limits?: IngestLimits;
  /**
   * the bytes are a slice from inside a plain-text file (a parallel parse's later slices): read
   * them as text without sniffing for gzip or archive magic, which a line may start with; default false
   */
  plainText?: boolean;
}

/**
 * Lines of a byte stream, gzip detected by its magic bytes (1f 8b). Errors (corrupt or truncated
 * gzip, a tripped gzip guard, another archive format) start with the file name.
 */
export async function* readLines(chunks: AsyncIterable<Uint8Array>, options: ReadOptions = {}): AsyncGenerator<LineBlock> {
  const name = options.name ?? 'input';
  const limits = options.limits ?? DEFAULT_LIMITS;
  const splitter = new LineSplitter(limits.maxLineChars);
  let lineNo = 1;
  let bytesRead = 0;
  let mode: 'unknown' | 'plain' | 'gzip' = options.plainText ? 'plain' : 'unknown';
  let head: Uint8Array = new Uint8Array(0);
  let gunzip: GzipDecoder | null = null;

  function block(): LineBlock {
    const { lines, long } = splitter.take();
    const b = { lines, long, firstLine: lineNo, bytesRead };
    lineNo += lines.length;
    return b;
  }

  function decode(bytes: Uint8Array, final: boolean): void {
    if (mode === 'plain') {
      splitter.push(bytes);
    } else {
      gunzip ??= new GzipDecoder(name, limits, (data) => {
        for (const s of slices(data)) splitter.push(s);
      });
      gunzip.push(bytes, final);
    }
    if (final) splitter.end();
  }

  for await (const chunk of chunks) {
    for (let bytes of slices(chunk)) {
      bytesRead += bytes.length;
      if (mode === 'unknown') {
        // wait for the magic bytes even if the first chunks are tiny
        const joined: Uint8Array = new Uint8Array(head.length + bytes.length);
        joined.set(head);
        joined.set(bytes, head.length);
        if (joined.length < MAGIC_BYTES) {
          head = joined;
          continue;
        }
        mode = sniff(joined, name);
        bytes = joined;
        head = new Uint8Array(0);
      }
      decode(bytes, false);
      // yielded even when empty: the driver checks abort and reports progress per block
      yield block();
    }
  }
  if (mode === 'unknown') mode = head.length < 2 ? 'plain' : sniff(head, name);
  decode(head, true);
  const last = block();
  if (last.lines.length > 0) yield last;
}
