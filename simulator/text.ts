/**
 * The text sinks: events → log lines → chunks of at most `maxLines` lines, written as bytes.
 * Bytes, not strings: building a 10k-line string and encoding it to UTF-8 capped out at
 * ≈ 2 M nginx lines/s in Node 20 before any random draw, while copying pre-encoded pieces runs
 * at ≈ 5.5 M/s; files, Blobs, hashes and ingest() all want bytes anyway. Everything written is
 * ASCII (validate.ts sees to the scenario's strings), so a string is encoded by char codes.
 */
import type { RequestSink } from './access';
import type { AuthEvent } from './auth-messages';
import type { AuthSink } from './auth';
import { ClfClock, SyslogClock, isoSeconds } from './clock';
import type { MetricSink } from './metrics';
import type { SimFile } from './scenario';
import { ascii, type Target, type Token } from './token';

export interface SimChunk {
  file: SimFile;
  /** whole lines of ASCII text, each ending in `\n` */
  bytes: Uint8Array;
  lines: number;
}

const METRICS_HEADER = 'timestamp,host,cpu_pct,ram_pct,disk_pct';

/** Room reserved per line; validate.ts bounds every field so a line stays well below it. */
const LINE_MAX = 4096;

/**
 * Appends lines as bytes; full chunks wait in `ready` for the driver. A sink writes a line as
 * `let p = w.begin(); p = put…(w.buf, p, …); w.end(p)`: positions live in locals, which measured
 * ≈ 1.5× faster than a method call per field.
 */
export class ChunkWriter {
  readonly ready: SimChunk[] = [];
  buf = new Uint8Array(1 << 20);
  private pos = 0;
  private lines = 0;

  constructor(
    readonly file: SimFile,
    private readonly maxLines: number,
  ) {
    if (!Number.isInteger(maxLines) || maxLines < 1) throw new Error(`invalid chunkLines: ${maxLines}`);
  }

  /** Makes room for a line and returns where it starts in `buf`. */
  begin(): number {
    if (this.pos + LINE_MAX > this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf.subarray(0, this.pos));
      this.buf = next;
    }
    return this.pos;
  }

  /** Ends the line at `p` with `\n`; seals the chunk when it is full. */
  end(p: number): void {
    this.buf[p] = 10;
    this.pos = p + 1;
    if (++this.lines === this.maxLines) this.seal();
  }

  /** One whole line from a string. */
  line(s: string): void {
    if (s.length >= LINE_MAX) throw new Error(`line longer than ${LINE_MAX} characters: ${s.slice(0, 80)}…`);
    // begin() may replace buf: read it after (arguments evaluate left to right)
    const p = this.begin();
    this.end(putStr(this.buf, p, s));
  }

  /**
   * Hands the filled bytes over without copying (a copy cost ≈ 10 % of the text path) and starts
   * a fresh buffer a little larger than this chunk.
   */
  seal(): void {
    if (this.lines === 0) return;
    const n = this.pos;
    this.ready.push({ file: this.file, bytes: this.buf.subarray(0, n), lines: this.lines });
    this.buf = new Uint8Array(Math.max(1 << 16, n + (n >> 3) + 2 * LINE_MAX));
    this.pos = 0;
    this.lines = 0;
  }
}

/** An ASCII string by char codes; returns the next position. */
function putStr(b: Uint8Array, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
  return p;
}

/** TypedArray#set for long pieces; short ones are cheaper by hand than the call. */
function putBytes(b: Uint8Array, p: number, e: Uint8Array): number {
  const n = e.length;
  if (n > 16) {
    b.set(e, p);
    return p + n;
  }
  for (let i = 0; i < n; i++) b[p + i] = e[i];
  return p + n;
}

/** A non-negative integer in decimal. */
function putInt(b: Uint8Array, p: number, n: number): number {
  let len = 1;
  for (let t = n; t >= 10; t = Math.floor(t / 10)) len++;
  const end = p + len;
  let q = end;
  do {
    b[--q] = 48 + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
  return end;
}

/** Milliseconds as seconds with three decimals, like nginx's `$request_time` (`0.123`). */
function putSeconds3(b: Uint8Array, p: number, ms: number): number {
  p = putInt(b, p, Math.floor(ms / 1000));
  const f = ms % 1000;
  b[p] = 46;
  b[p + 1] = 48 + Math.floor(f / 100);
  b[p + 2] = 48 + (Math.floor(f / 10) % 10);
  b[p + 3] = 48 + (f % 10);
  return p + 4;
}

const SPACE = 32;
const QUOTE = 34;
const DASH = 45;
const QMARK = 63;
/** Offsets in ` - - [dd/Mon/yyyy:HH:MM:SS +zzzz] "` of the time and of its seconds. */
const STAMP_TIME = 6;
const STAMP_SS = STAMP_TIME + 18;

/** nginx combined + `$request_time`. */
export class AccessText implements RequestSink {
  private readonly clock: ClfClock;
  private second = NaN;
  /** ` - - [dd/Mon/yyyy:HH:MM:SS +zzzz] "` of the current second */
  private readonly stamp: Uint8Array;
  /** first second of the stamp's minute */
  private minute = NaN;
  /** ` HTTP/1.1" 200 ` by status */
  private readonly statuses: Uint8Array[] = [];

  constructor(
    private readonly out: ChunkWriter,
    offsetMin: number,
  ) {
    this.clock = new ClfClock(offsetMin);
    this.stamp = ascii(` - - [${this.clock.format(0)}] "`);
  }

  /** Updates the stamp: the two second digits within a minute, the whole time otherwise. */
  private tick(sec: number): void {
    const d = sec - this.minute;
    if (d > 0 && d < 60) {
      this.stamp[STAMP_SS] = 48 + Math.floor(d / 10);
      this.stamp[STAMP_SS + 1] = 48 + (d % 10);
    } else {
      putStr(this.stamp, STAMP_TIME, this.clock.format(sec));
      this.minute = sec - (sec % 60);
    }
    this.second = sec;
  }

  private statusBytes(status: number): Uint8Array {
    return (this.statuses[status] ??= ascii(` HTTP/1.1" ${status} `));
  }

  request(sec: number, ip: Token, method: Token, target: Target, _route: string, status: number, bytes: number, latencyMs: number, referrer: Token | null, ua: Token): void {
    if (sec !== this.second) this.tick(sec);
    const o = this.out;
    let p = o.begin();
    const b = o.buf;
    p = putBytes(b, p, ip.bytes);
    p = putBytes(b, p, this.stamp);
    p = putBytes(b, p, method.bytes);
    b[p++] = SPACE;
    p = putBytes(b, p, target.pieces[0].bytes);
    for (let i = 0; i < target.ids.length; i++) {
      p = putInt(b, p, target.ids[i]);
      p = putBytes(b, p, target.pieces[i + 1].bytes);
    }
    if (target.query !== null) {
      b[p++] = QMARK;
      p = putBytes(b, p, target.query.bytes);
    }
    p = putBytes(b, p, this.statusBytes(status));
    p = putInt(b, p, bytes);
    b[p++] = SPACE;
    b[p++] = QUOTE;
    if (referrer === null) b[p++] = DASH;
    else p = putBytes(b, p, referrer.bytes);
    b[p++] = QUOTE;
    b[p++] = SPACE;
    b[p++] = QUOTE;
    p = putBytes(b, p, ua.bytes);
    b[p++] = QUOTE;
    b[p++] = SPACE;
    p = putSeconds3(b, p, latencyMs);
    o.end(p);
  }
}

/** BSD syslog lines as rsyslog writes them. */
export class AuthText implements AuthSink {
  private readonly clock = new SyslogClock();

  constructor(private readonly out: ChunkWriter) {}

  auth(host: string, e: AuthEvent): void {
    const tag = e.pid === e.pid ? `${e.process}[${e.pid}]` : e.process;
    this.out.line(`${this.clock.format(e.sec)} ${host} ${tag}: ${e.message}`);
  }
}

export class MetricsText implements MetricSink {
  private second = NaN;
  private stamp = '';

  constructor(private readonly out: ChunkWriter) {
    out.line(METRICS_HEADER);
  }

  sample(sec: number, host: string, cpu: number, ram: number, disk: number): void {
    if (sec !== this.second) {
      this.second = sec;
      this.stamp = isoSeconds(sec);
    }
    this.out.line(`${this.stamp},${host},${cpu.toFixed(1)},${ram.toFixed(1)},${disk.toFixed(1)}`);
  }
}
