/**
 * Columnar batch builders. Parsers append one row at a time; when a batch reaches its capacity it
 * is sealed into `ready` and a fresh one begins, so a line that yields many rows (a wide CSV row)
 * never overflows a batch. The driver drains `ready` between lines and awaits its consumer.
 */
import type { AuthBatch, AuthKind, Batch, MetricBatch, RequestBatch } from './types';

export interface BatchSink {
  /** sealed batches waiting for the driver */
  readonly ready: Batch[];
  /** rows in the batch being filled */
  readonly length: number;
  /** seal the partial batch (if any rows) into `ready` */
  seal(): void;
  /** 1-based source line of the rows pushed next; the driver sets it, each row keeps it (`Batch.line`) */
  line: number;
}

function checkCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`invalid batch size: ${capacity}`);
  return capacity;
}

/** Full batches keep their arrays; a partial last batch gets right-sized copies. */
function fit<T extends Float64Array | Int32Array>(a: T, n: number): T {
  return (a.length === n ? a : a.slice(0, n)) as T;
}

/** Column arrays are preallocated (no growth copies while filling); a partial batch is truncated. */
function cut<T>(a: T[], n: number): T[] {
  if (a.length !== n) a.length = n;
  return a;
}

export class RequestBuilder implements BatchSink {
  readonly ready: Batch[] = [];
  length = 0;
  line = 0;
  private lines!: Float64Array;
  private ts!: Float64Array;
  private status!: Int32Array;
  private bytes!: Float64Array;
  private latency!: Float64Array;
  private ip!: string[];
  private method!: (string | null)[];
  private path!: (string | null)[];
  private route!: (string | null)[];
  private referrer!: (string | null)[];
  private ua!: (string | null)[];
  private src!: string[];
  private readonly capacity: number;

  constructor(private readonly source: string, capacity: number) {
    this.capacity = checkCapacity(capacity);
    this.reset();
  }

  private reset(): void {
    const c = this.capacity;
    this.length = 0;
    this.lines = new Float64Array(c);
    this.ts = new Float64Array(c);
    this.status = new Int32Array(c);
    this.bytes = new Float64Array(c);
    this.latency = new Float64Array(c);
    this.ip = new Array(c);
    this.method = new Array(c);
    this.path = new Array(c);
    this.route = new Array(c);
    this.referrer = new Array(c);
    this.ua = new Array(c);
    this.src = new Array(c);
  }

  push(
    ts: number,
    ip: string,
    method: string | null,
    path: string | null,
    route: string | null,
    status: number,
    bytes: number,
    latencyMs: number,
    referrer: string | null,
    userAgent: string | null,
  ): void {
    const i = this.length;
    this.ts[i] = ts;
    this.status[i] = status;
    this.bytes[i] = bytes;
    this.latency[i] = latencyMs;
    this.ip[i] = ip;
    this.method[i] = method;
    this.path[i] = path;
    this.route[i] = route;
    this.referrer[i] = referrer;
    this.ua[i] = userAgent;
    this.src[i] = this.source;
    this.lines[i] = this.line;
    this.length = i + 1;
    if (this.length === this.capacity) this.seal();
  }

  seal(): void {
    const n = this.length;
    if (n === 0) return;
    const batch: RequestBatch = {
      table: 'requests',
      length: n,
      line: fit(this.lines, n),
      ts: fit(this.ts, n),
      source: cut(this.src, n),
      ip: cut(this.ip, n),
      method: cut(this.method, n),
      path: cut(this.path, n),
      route: cut(this.route, n),
      status: fit(this.status, n),
      bytes: fit(this.bytes, n),
      latency_ms: fit(this.latency, n),
      referrer: cut(this.referrer, n),
      user_agent: cut(this.ua, n),
    };
    this.ready.push(batch);
    this.reset();
  }
}

export class AuthBuilder implements BatchSink {
  readonly ready: Batch[] = [];
  length = 0;
  line = 0;
  private lines!: Float64Array;
  private ts!: Float64Array;
  private pid!: Float64Array;
  private port!: Float64Array;
  private host!: string[];
  private process!: string[];
  private kind!: AuthKind[];
  private user!: (string | null)[];
  private ip!: (string | null)[];
  private message!: string[];
  private src!: string[];
  private readonly capacity: number;

  constructor(private readonly source: string, capacity: number) {
    this.capacity = checkCapacity(capacity);
    this.reset();
  }

  private reset(): void {
    const c = this.capacity;
    this.length = 0;
    this.lines = new Float64Array(c);
    this.ts = new Float64Array(c);
    this.pid = new Float64Array(c);
    this.port = new Float64Array(c);
    this.host = new Array(c);
    this.process = new Array(c);
    this.kind = new Array(c);
    this.user = new Array(c);
    this.ip = new Array(c);
    this.message = new Array(c);
    this.src = new Array(c);
  }

  push(
    ts: number,
    host: string,
    pid: number,
    process: string,
    kind: AuthKind,
    user: string | null,
    ip: string | null,
    port: number,
    message: string,
  ): void {
    const i = this.length;
    this.ts[i] = ts;
    this.pid[i] = pid;
    this.port[i] = port;
    this.host[i] = host;
    this.process[i] = process;
    this.kind[i] = kind;
    this.user[i] = user;
    this.ip[i] = ip;
    this.message[i] = message;
    this.src[i] = this.source;
    this.lines[i] = this.line;
    this.length = i + 1;
    if (this.length === this.capacity) this.seal();
  }

  seal(): void {
    const n = this.length;
    if (n === 0) return;
    const batch: AuthBatch = {
      table: 'auth_events',
      length: n,
      line: fit(this.lines, n),
      ts: fit(this.ts, n),
      source: cut(this.src, n),
      host: cut(this.host, n),
      pid: fit(this.pid, n),
      process: cut(this.process, n),
      kind: cut(this.kind, n),
      user: cut(this.user, n),
      ip: cut(this.ip, n),
      port: fit(this.port, n),
      message: cut(this.message, n),
    };
    this.ready.push(batch);
    this.reset();
  }
}

export class MetricBuilder implements BatchSink {
  readonly ready: Batch[] = [];
  length = 0;
  line = 0;
  private lines!: Float64Array;
  private ts!: Float64Array;
  private value!: Float64Array;
  private name!: string[];
  private src!: string[];
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = checkCapacity(capacity);
    this.reset();
  }

  private reset(): void {
    const c = this.capacity;
    this.length = 0;
    this.lines = new Float64Array(c);
    this.ts = new Float64Array(this.capacity);
    this.value = new Float64Array(this.capacity);
    this.name = new Array(c);
    this.src = new Array(c);
  }

  push(ts: number, source: string, name: string, value: number): void {
    const i = this.length;
    this.ts[i] = ts;
    this.value[i] = value;
    this.name[i] = name;
    this.src[i] = source;
    this.lines[i] = this.line;
    this.length = i + 1;
    if (this.length === this.capacity) this.seal();
  }

  seal(): void {
    const n = this.length;
    if (n === 0) return;
    const batch: MetricBatch = {
      table: 'metrics',
      length: n,
      line: fit(this.lines, n),
      ts: fit(this.ts, n),
      source: cut(this.src, n),
      name: cut(this.name, n),
      value: fit(this.value, n),
    };
    this.ready.push(batch);
    this.reset();
  }
}
