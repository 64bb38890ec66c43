/**
 * The Live cell's record source on the engine's side: the loaded rows of one replay-clock slice,
 * table by table in time order, as the parsers' columnar batches (what the incremental featurer
 * reads from a growing file too). Only the columns the window features read are fetched — turning
 * DuckDB's rows into JS values is most of a replay's time — and the others are left empty (null,
 * '' or NaN): these batches are for the featurer, not for storing. Bounds are epoch ms the page
 * computes, checked here: they reach SQL text as integers only.
 */
import type { Db } from '../db/db';
import type { AuthBatch, AuthKind, Batch, MetricBatch, RequestBatch } from '../ingest/types';

function checkMs(name: string, v: number): number {
  if (!Number.isSafeInteger(v)) throw new Error(`live slice: ${name} must be an integer epoch ms, got ${v}`);
  return v;
}

const empty = <T extends string | null>(n: number, v: T): T[] => new Array<T>(n).fill(v);

type Kind = 'num' | 'text';
type Col = Float64Array | (string | null)[];

/**
 * A query's columns: read straight from the engine's result where it can (duckdb-wasm's Arrow,
 * the browser's engine), else built from its rows (native DuckDB). Either way numbers are doubles
 * with NaN for NULL and text is a string or null, so both give the same batches.
 */
async function columnsOf(db: Db, sql: string, kinds: Record<string, Kind>): Promise<{ length: number; col: (name: string) => Col }> {
  if (db.queryColumns) {
    const { length, columns } = await db.queryColumns(sql);
    return { length, col: (name) => columns[name]! };
  }
  const rows = await db.query(sql);
  const col = (name: string): Col =>
    kinds[name] === 'num'
      ? Float64Array.from(rows, (r) => (r[name] === null ? NaN : Number(r[name])))
      : rows.map((r) => (r[name] === null ? null : String(r[name])));
  return { length: rows.length, col };
}

const nums = (c: Col): Float64Array => (c instanceof Float64Array ? c : Float64Array.from(c, (v) => (v === null ? NaN : Number(v))));
const texts = (c: Col): (string | null)[] => (c instanceof Float64Array ? Array.from(c, (v) => (Number.isNaN(v) ? null : String(v))) : c);
// columns the batch types hold as non-null text: a NULL reads as the text "null", as String(null) did
const strings = (c: Col): string[] => texts(c).map((v) => (v === null ? 'null' : v));

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
  const req = await columnsOf(
    db,
    `SELECT epoch_us(ts) / 1000 AS ts, ip, route, status, bytes, latency_ms, user_agent FROM requests WHERE ${range} ORDER BY ts`,
    { ts: 'num', ip: 'text', route: 'text', status: 'num', bytes: 'num', latency_ms: 'num', user_agent: 'text' },
  );
  if (req.length > 0) {
    const n = req.length;
    const b: RequestBatch = {
      table: 'requests',
      length: n,
      ts: nums(req.col('ts')),
      source: empty(n, ''),
      ip: strings(req.col('ip')),
      method: empty(n, null),
      path: empty(n, null),
      route: texts(req.col('route')),
      status: Int32Array.from(nums(req.col('status'))),
      bytes: nums(req.col('bytes')),
      latency_ms: nums(req.col('latency_ms')),
      referrer: empty(n, null),
      user_agent: texts(req.col('user_agent')),
    };
    out.push(b);
  }
  const auth = await columnsOf(db, `SELECT epoch_us(ts) / 1000 AS ts, kind, ip FROM auth_events WHERE ${range} ORDER BY ts`, { ts: 'num', kind: 'text', ip: 'text' });
  if (auth.length > 0) {
    const n = auth.length;
    const b: AuthBatch = {
      table: 'auth_events',
      length: n,
      ts: nums(auth.col('ts')),
      source: empty(n, ''),
      host: empty(n, ''),
      pid: new Float64Array(n).fill(NaN),
      process: empty(n, ''),
      kind: strings(auth.col('kind')) as AuthKind[],
      user: empty(n, null),
      ip: texts(auth.col('ip')),
      port: new Float64Array(n).fill(NaN),
      message: empty(n, ''),
    };
    out.push(b);
  }
  const met = await columnsOf(db, `SELECT epoch_us(ts) / 1000 AS ts, source, name, value FROM metrics WHERE ${range} ORDER BY ts`, { ts: 'num', source: 'text', name: 'text', value: 'num' });
  if (met.length > 0) {
    const b: MetricBatch = {
      table: 'metrics',
      length: met.length,
      ts: nums(met.col('ts')),
      source: strings(met.col('source')),
      name: strings(met.col('name')),
      value: nums(met.col('value')),
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
