/**
 * A file that grows, read in the browser a look at a time: each look hands over the file as it is
 * now (a File from the File System Access handle, or the same file picked again), and only the
 * bytes added since the last look are read, split into lines and parsed. A file that got shorter
 * was truncated; a file whose first bytes changed was replaced (rotated by rename, a new file
 * under the old name): both are read again from their start, and said so.
 */
import type { Batch, ParseOptions } from '../ingest/types';
import { LineSplitter } from '../ingest/splitter';
import { LineFeed, type FeedCounts, type LineIssueOut } from '../cli/line-feed';

/** Bytes compared to tell the same file from a new one (a rotated file usually starts with other lines). */
const HEAD_BYTES = 256;
/** At most this much is read per look, so one look stays short; the rest comes on the next. */
const READ_BYTES = 16 * 1024 * 1024;

/** What a look found. */
export type Change =
  | { kind: 'same' }
  | { kind: 'grown'; bytes: number }
  | { kind: 'truncated'; was: number; now: number }
  | { kind: 'replaced' };

/** The file as a look sees it: its size and a way to read a byte range (File.slice in the browser). */
export interface FileView {
  name: string;
  size: number;
  lastModified?: number;
  read(from: number, to: number): Promise<Uint8Array>;
}

export interface Look {
  change: Change;
  batches: Batch[];
  /** bytes still unread after this look (more than READ_BYTES were added) */
  behind: number;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Follows one growing file; `issue` gets every rejected or warned line with its number and reason. */
export class GrowingFile {
  private offset = 0;
  private head = new Uint8Array(0);
  private splitter = new LineSplitter();
  private feed: LineFeed;
  private line = 0;
  private lastModified: number | null = null;

  constructor(
    private readonly name: string,
    private readonly parse: ParseOptions,
    private readonly issue: (kind: 'reject' | 'warning', i: LineIssueOut) => void,
  ) {
    this.feed = new LineFeed(this.name, this.parse, this.issue, () => this.lastModified);
  }

  get counts(): FeedCounts {
    return this.feed.counts;
  }

  /** bytes read so far (of whole and partial lines) */
  get bytesRead(): number {
    return this.offset;
  }

  /** Reads what was added since the last look; `quiet` (the file did not grow) lets format detection decide on fewer lines. */
  async look(f: FileView): Promise<Look> {
    this.lastModified = f.lastModified ?? null;
    let change: Change = { kind: 'same' };
    const known = Math.min(this.head.length, HEAD_BYTES);
    const head = known > 0 && f.size >= known ? await f.read(0, known) : null;
    if (f.size < this.offset) change = { kind: 'truncated', was: this.offset, now: f.size };
    else if (head !== null && !sameBytes(head, this.head.subarray(0, known))) change = { kind: 'replaced' };
    if (change.kind === 'truncated' || change.kind === 'replaced') this.restart();
    const to = Math.min(f.size, this.offset + READ_BYTES);
    const batches: Batch[] = [];
    if (to > this.offset) {
      const bytes = await f.read(this.offset, to);
      if (this.head.length < HEAD_BYTES) {
        const h = new Uint8Array(Math.min(HEAD_BYTES, this.offset + bytes.length));
        h.set(this.head.subarray(0, Math.min(this.head.length, h.length)));
        h.set(bytes.subarray(0, h.length - this.offset), this.offset);
        this.head = h;
      }
      this.splitter.push(bytes);
      if (change.kind === 'same') change = { kind: 'grown', bytes: to - this.offset };
      this.offset = to;
      const { lines, long } = this.splitter.take();
      if (lines.length > 0) {
        batches.push(...this.feed.push({ path: this.name, lines, firstLine: this.line + 1, long: long.map((l) => ({ index: l.index, bytes: l.chars })) }));
        this.line += lines.length;
        // the feed holds lines until it has enough to detect a format; a format named needs none
        if (this.parse.format !== 'auto') batches.push(...this.feed.push(null, true));
      }
    } else batches.push(...this.feed.push(null, true));
    return { change, batches, behind: f.size - this.offset };
  }

  private restart(): void {
    this.offset = 0;
    this.head = new Uint8Array(0);
    this.splitter = new LineSplitter();
    this.line = 0;
    // the format found stays: a rotated log is the same kind of log
    const format = this.feed.format;
    this.feed = new LineFeed(this.name, { ...this.parse, format: format ?? this.parse.format }, this.issue, () => this.lastModified);
  }
}
