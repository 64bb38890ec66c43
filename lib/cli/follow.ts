/**
 * Follows one log file like `tail -F`: reads what was appended, keeps reading a file renamed away
 * (rotation) to its end before opening the new one at the path, starts over at 0 when the file
 * shrinks (truncation), and waits for a file that does not exist yet. Polls instead of fs.watch:
 * inotify misses renames on some file systems and is absent on network mounts, and a stat every
 * few tens of ms costs nothing next to parsing.
 *
 * A line is handed out only once its newline has been read (a writer's half-written line waits),
 * except the last line of a rotated file, which is complete when the file is. Byte offsets of
 * whole lines are kept so a restart resumes where the last handed-out line ended.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';

/** Where a follower stands: enough to resume without reading a line twice. */
export interface FollowPosition {
  path: string;
  /** inode of the file read, so a file rotated while the watcher was down is read from its start */
  ino: number;
  /** bytes of whole lines already handed out */
  offset: number;
  /** base64 of the file's first bytes (up to 256, never past offset): inodes are reused, so the inode alone cannot tell a new file */
  head: string;
  /** lines handed out from this file (line numbers continue from here) */
  line: number;
}

/** Lines read in one poll: `firstLine` is the 1-based number of lines[0] in its file. */
export interface LineChunk {
  path: string;
  lines: string[];
  firstLine: number;
  /** indexes into `lines` of over-long lines (their text is not kept), with their length in bytes */
  long: { index: number; bytes: number }[];
}

export interface FollowOptions {
  /** read an existing file from its start (else from its end, like tail) */
  fromStart: boolean;
  /** a position saved by an earlier run; used when the file is still the same (inode) and not shorter */
  resume?: FollowPosition;
  /** longest line kept, characters (bytes while it is unfinished); a longer one is reported as long and skipped to its newline; default 1 Mi */
  maxLineBytes?: number;
  /** bytes read per poll at most; default 4 MiB */
  readBytes?: number;
  /** what happened to the file (rotation, truncation, waiting), for stderr */
  notice: (message: string) => void;
}

const NL = 0x0a;
const HEAD_BYTES = 256;

export class Follower {
  private fd: number | null = null;
  private ino = -1;
  /** next byte to read */
  private pos = 0;
  private pending: Buffer = Buffer.alloc(0);
  /** bytes of an over-long line skipped so far, -1 when not skipping */
  private skipping = -1;
  private line = 0;
  private opened = false;
  private waitingSaid = false;
  /** the path now names another file (or none): read this one to its end, then switch */
  private draining = false;
  private readonly buf: Buffer;
  private readonly maxLine: number;

  constructor(readonly path: string, private readonly o: FollowOptions) {
    this.buf = Buffer.allocUnsafe(o.readBytes ?? 4 * 2 ** 20);
    this.maxLine = o.maxLineBytes ?? 2 ** 20;
  }

  /** Modification time of the file being read (syslog lines carry no year), or null. */
  mtimeMs(): number | null {
    return this.fd === null ? null : fstatSync(this.fd).mtimeMs;
  }

  position(): FollowPosition {
    const offset = this.pos - this.pending.length - Math.max(0, this.skipping);
    return { path: this.path, ino: this.ino, offset, line: this.line, head: this.fd === null ? '' : this.head(this.fd, Math.min(HEAD_BYTES, offset)) };
  }

  private head(fd: number, n: number): string {
    const b = Buffer.alloc(n);
    const got = readSync(fd, b, 0, n, 0);
    return b.subarray(0, got).toString('base64');
  }

  /** Reads what is there now; null when nothing new (never waits for data). */
  poll(): LineChunk | null {
    if (this.fd === null && !this.open()) return null;
    const fd = this.fd!;
    const n = readSync(fd, this.buf, 0, this.buf.length, this.pos);
    if (n > 0) {
      this.pos += n;
      return this.split(this.buf.subarray(0, n));
    }
    // at the end of the file: has it been truncated, rotated or removed?
    if (!this.draining) {
      if (fstatSync(fd).size < this.pos) {
        const lost = this.pending.length;
        this.o.notice(`${this.path}: file truncated; reading it again from the start${lost > 0 ? ` (an unfinished line of ${lost} bytes before the cut is discarded)` : ''}`);
        this.pos = 0;
        this.pending = Buffer.alloc(0);
        this.skipping = -1;
        this.line = 0;
        return null;
      }
      let now: number | null;
      try {
        now = statSync(this.path).ino;
      } catch {
        now = null;
      }
      if (now === this.ino) return null;
      // a writer may still append to the renamed file: read it once more before switching
      this.draining = true;
      return this.poll();
    }
    const last = this.pending.length > 0 && this.skipping < 0 ? this.flushLast() : null;
    closeSync(fd);
    this.fd = null;
    this.draining = false;
    this.o.notice(`${this.path}: file rotated or removed; finished the old file at ${this.pos} bytes, following the new one from its start`);
    this.opened = true; // whatever appears at the path now is new: read from 0
    return last;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private open(): boolean {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      if (!this.waitingSaid) this.o.notice(`${this.path}: does not exist (yet); waiting for it`);
      this.waitingSaid = true;
      this.opened = true; // it did not exist: when it appears, all of it is new
      return false;
    }
    const st = fstatSync(fd);
    this.fd = fd;
    this.pending = Buffer.alloc(0);
    this.skipping = -1;
    const r = this.o.resume;
    const same = r !== undefined && r.ino === st.ino && r.offset <= st.size && this.head(fd, Buffer.from(r.head, 'base64').length) === r.head;
    if (!this.opened && same) {
      this.pos = r.offset;
      this.line = r.line;
    } else {
      if (!this.opened && r !== undefined) this.o.notice(`${this.path}: not the file the saved state was for (rotated or truncated meanwhile); reading it from the start`);
      this.pos = !this.opened && !this.o.fromStart && r === undefined ? st.size : 0;
      this.line = 0;
    }
    if (this.waitingSaid) this.o.notice(`${this.path}: appeared; following it`);
    this.waitingSaid = false;
    this.opened = true;
    this.ino = st.ino;
    return true;
  }

  private flushLast(): LineChunk {
    const text = this.pending.toString('utf8');
    this.pending = Buffer.alloc(0);
    const firstLine = ++this.line;
    return { path: this.path, lines: [text.endsWith('\r') ? text.slice(0, -1) : text], firstLine, long: [] };
  }

  private split(data: Buffer): LineChunk | null {
    const out: LineChunk = { path: this.path, lines: [], firstLine: this.line + 1, long: [] };
    let from = 0;
    if (this.skipping >= 0) {
      const nl = data.indexOf(NL);
      if (nl < 0) {
        this.skipping += data.length;
        return null;
      }
      out.long.push({ index: 0, bytes: this.skipping + nl });
      out.lines.push('');
      this.skipping = -1;
      from = nl + 1;
    }
    const last = data.lastIndexOf(NL);
    if (last >= from) {
      const head = this.pending.length > 0 ? Buffer.concat([this.pending, data.subarray(from, last)]) : data.subarray(from, last);
      this.pending = Buffer.alloc(0);
      const parts = head.toString('utf8').split('\n');
      for (const p of parts) {
        if (p.length > this.maxLine) {
          out.long.push({ index: out.lines.length, bytes: Buffer.byteLength(p) });
          out.lines.push('');
        } else out.lines.push(p.endsWith('\r') ? p.slice(0, -1) : p);
      }
      from = last + 1;
    }
    if (from < data.length) {
      this.pending = Buffer.concat([this.pending, data.subarray(from)]);
      if (this.pending.length > this.maxLine) {
        this.skipping = this.pending.length;
        this.pending = Buffer.alloc(0);
      }
    }
    this.line += out.lines.length;
    return out.lines.length > 0 ? out : null;
  }
}
