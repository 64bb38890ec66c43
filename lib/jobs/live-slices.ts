/**
 * The Live cell's record source on the engine's side: the loaded rows of one replay-clock slice,
 * table by table in time order, as the parsers' columnar batches (what the incremental featurer
 * reads from a growing file too). Only the columns the window features read are fetched — turning
 * DuckDB's rows into JS values is most of a replay's time — and the others are left empty (null,
 * '' or NaN): these batches are for the featurer, not for storing. Bounds are epoch ms the page
 * computes, checked here: they reach SQL text as integers only.
 */
import type { Db, Row } from '../db/db';
import type { AuthBatch, AuthKind, Batch, MetricBatch, RequestBatch } from '../ingest/types';

function checkMs(name: string, v: number): number {
  if (!Number.isSafeInteger(v)) throw new Error(`live slice: ${name} must be an integer epoch ms, got ${v}`);
  return v;
}

const num = (c: Row[string]) => (c === null ? NaN : Number(c));
const str = (c: Row[string]) => (c === null ? null : String(c));
const empty = <T extends string | null>(n: number, v: T): T[] => new Array<T>(n).fill(v);

function where(from: number, to: number): string {
  return `ts >= make_timestamp(${from}::BIGINT * 1000) AND ts < make_timestamp(${to}::BIGINT * 1000)`;
}

/** The span the loaded tables cover, epoch ms (`to` exclusive), or null when nothing is loaded. */
export async function recordSpan(db: Db): Promise<{ from: number; to: number } | null> {
  const [r] = await db.query(`SELECT epoch_ms(min(lo)) AS lo, epoch_ms(max(hi)) AS hi FROM (
  SELECT min(ts) AS lo, max(ts) AS hi FROM requests UNION ALL SELECT min(ts), max(ts) FROM auth_events
  UNION ALL SELECT min(ts), max(ts) FROM metrics)`);
  if (r.lo === null || r.hi === null) return null;
  return { from: Number(r.lo), to: Number(r.hi) + 1 };
}

/**
 * Rows with `from ≤ ts < to` of requests, auth_events and metrics, one batch per non-empty table,
 * each in time order; requests carry ts, ip, route, status, bytes, latency_ms and user_agent,
 * auth_events ts, kind and ip, metrics every column.
 */
export async function sliceRecords(db: Db, fromMs: number, toMs: number): Promise<Batch[]> {
  const range = where(checkMs('from', fromMs), checkMs('to', toMs));
  const out: Batch[] = [];
  const req = await db.query(
    `SELECT epoch_us(ts) / 1000 AS ts, ip, route, status, bytes, latency_ms, user_agent FROM requests WHERE ${range} ORDER BY ts`,
  );
  if (req.length > 0) {
    const b: RequestBatch = {
      table: 'requests',
      length: req.length,
      ts: Float64Array.from(req, (r) => num(r.ts)),
      source: empty(req.length, ''),
      ip: req.map((r) => String(r.ip)),
      method: empty(req.length, null),
      path: empty(req.length, null),
      route: req.map((r) => str(r.route)),
      status: Int32Array.from(req, (r) => num(r.status)),
      bytes: Float64Array.from(req, (r) => num(r.bytes)),
      latency_ms: Float64Array.from(req, (r) => num(r.latency_ms)),
      referrer: empty(req.length, null),
      user_agent: req.map((r) => str(r.user_agent)),
    };
    out.push(b);
  }
  const auth = await db.query(`SELECT epoch_us(ts) / 1000 AS ts, kind, ip FROM auth_events WHERE ${range} ORDER BY ts`);
  if (auth.length > 0) {
    const b: AuthBatch = {
      table: 'auth_events',
      length: auth.length,
      ts: Float64Array.from(auth, (r) => num(r.ts)),
      source: empty(auth.length, ''),
      host: empty(auth.length, ''),
      pid: new Float64Array(auth.length).fill(NaN),
      process: empty(auth.length, ''),
      kind: auth.map((r) => String(r.kind) as AuthKind),
      user: empty(auth.length, null),
      ip: auth.map((r) => str(r.ip)),
      port: new Float64Array(auth.length).fill(NaN),
      message: empty(auth.length, ''),
    };
    out.push(b);
  }
  const met = await db.query(`SELECT epoch_us(ts) / 1000 AS ts, source, name, value FROM metrics WHERE ${range} ORDER BY ts`);
  if (met.length > 0) {
    const b: MetricBatch = {
      table: 'metrics',
      length: met.length,
      ts: Float64Array.from(met, (r) => num(r.ts)),
      source: met.map((r) => String(r.source)),
      name: met.map((r) => String(r.name)),
      value: Float64Array.from(met, (r) => num(r.value)),
    };
    out.push(b);
  }
  return out;
}

/**
 * The buffers of a slice's typed columns, to transfer rather than copy between workers (the
 * engine keeps no reference to a slice once it has answered it).
 */
export function sliceBuffers(batches: readonly Batch[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const b of batches) {
    for (const v of Object.values(b)) if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.add(v.buffer);
  }
  return [...out];
}
