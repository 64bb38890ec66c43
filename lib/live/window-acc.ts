/**
 * One open window's running aggregates: exactly what the batch feature query groups by window
 * (lib/features/sql.ts), kept as counts, sums and the raw request times the quantiles need.
 * Which aggregates exist depends on the selected features (`Needs`), so a feature list without
 * quantiles keeps no request times.
 */
import type { AuthBatch, MetricBatch, RequestBatch } from '../ingest/types';
import type { Json } from '../util/json';
import { isProbeAgentName } from '../features/fitted';

/** What the selected features make the featurer keep. */
export interface Needs {
  latencies: boolean;
  ips: boolean;
  busy: ReadonlySet<string>;
  /** route → training base (route_latency_index_max); empty when not selected */
  routeBase: ReadonlyMap<string, number>;
  auth: boolean;
  /** metric names with mean/max features */
  levelNames: ReadonlySet<string>;
  /** metric names with per-host features (residuals, rise) */
  hostNames: ReadonlySet<string>;
}

interface RouteAcc {
  n: number;
  n5xx: number;
  lat: number[];
}

/** Finite values with their epoch ms, flat (ms, value, ms, value, …), and their maximum. */
interface SumAcc {
  pts: number[];
  max: number;
}

/**
 * The values' mean, summed in (ms, value) order one after another, as the batch SQL's
 * `avg(value ORDER BY epoch_ms(ts), value)`: a sum's last bit depends on its order, and records
 * with the same timestamp arrive in file order.
 */
export function meanOf(s: SumAcc): number {
  const n = s.pts.length / 2;
  const idx = Array.from({ length: n }, (_, k) => k);
  idx.sort((a, b) => s.pts[2 * a] - s.pts[2 * b] || s.pts[2 * a + 1] - s.pts[2 * b + 1]);
  let sum = 0;
  for (const k of idx) sum += s.pts[2 * k + 1];
  return sum / n;
}

export interface WindowAcc {
  n: number;
  n4xx: number;
  n5xx: number;
  bytes: number;
  lat: number[];
  ips: Map<string, number>;
  busy: Map<string, RouteAcc>;
  /** route_latency_index_max's rows per route: request times of non-5xx, non-probe requests */
  rl: Map<string, number[]>;
  failures: number;
  invalid: number;
  failIps: Map<string, number>;
  /** metric name → all hosts' finite values */
  level: Map<string, SumAcc>;
  /** metric name → host → finite values */
  host: Map<string, Map<string, SumAcc>>;
}

export function emptyAcc(): WindowAcc {
  return {
    n: 0, n4xx: 0, n5xx: 0, bytes: 0, lat: [], ips: new Map(), busy: new Map(), rl: new Map(),
    failures: 0, invalid: 0, failIps: new Map(), level: new Map(), host: new Map(),
  };
}

export function addRequest(a: WindowAcc, b: RequestBatch, k: number, needs: Needs): void {
  a.n++;
  const status = b.status[k];
  if (status >= 400 && status < 500) a.n4xx++;
  else if (status >= 500) a.n5xx++;
  const bytes = b.bytes[k];
  if (!Number.isNaN(bytes)) a.bytes += bytes;
  const lat = b.latency_ms[k];
  const finite = Number.isFinite(lat);
  if (needs.latencies && finite) a.lat.push(lat);
  if (needs.ips) {
    const ip = b.ip[k];
    a.ips.set(ip, (a.ips.get(ip) ?? 0) + 1);
  }
  const route = b.route[k];
  if (route === null) return;
  if (needs.busy.has(route)) {
    let r = a.busy.get(route);
    if (r === undefined) a.busy.set(route, (r = { n: 0, n5xx: 0, lat: [] }));
    r.n++;
    if (status >= 500) r.n5xx++;
    if (finite) r.lat.push(lat);
  }
  // routes without a training base are dropped by the batch's join, so they need no rows here
  if (finite && status < 500 && needs.routeBase.has(route) && !isProbeAgentName(b.user_agent[k])) {
    let l = a.rl.get(route);
    if (l === undefined) a.rl.set(route, (l = []));
    l.push(lat);
  }
}

export function addAuth(a: WindowAcc, b: AuthBatch, k: number): void {
  const kind = b.kind[k];
  if (kind !== 'failed_password' && kind !== 'invalid_user') return;
  a.failures++;
  if (kind === 'invalid_user') a.invalid++;
  const ip = b.ip[k];
  if (ip !== null) a.failIps.set(ip, (a.failIps.get(ip) ?? 0) + 1);
}

function addSum(s: SumAcc | undefined, ms: number, v: number): SumAcc {
  if (s === undefined) return { pts: [ms, v], max: v };
  s.pts.push(ms, v);
  if (v > s.max) s.max = v;
  return s;
}

export function addMetric(a: WindowAcc, b: MetricBatch, k: number, needs: Needs): void {
  const v = b.value[k];
  if (!Number.isFinite(v)) return;
  const name = b.name[k];
  // whole ms, as the SQL's epoch_ms(ts)
  const ms = Math.floor(b.ts[k]);
  if (needs.levelNames.has(name)) a.level.set(name, addSum(a.level.get(name), ms, v));
  if (needs.hostNames.has(name)) {
    let hosts = a.host.get(name);
    if (hosts === undefined) a.host.set(name, (hosts = new Map()));
    const h = b.source[k];
    hosts.set(h, addSum(hosts.get(h), ms, v));
  }
}

// ---- snapshot: plain JSON, Maps as entry lists ----

const sumJson = (s: SumAcc): Json => [s.pts, s.max];
const sumOf = (j: Json): SumAcc => {
  const [pts, max] = j as [number[], number];
  return { pts: [...pts], max };
};
const entries = <V>(m: Map<string, V>, f: (v: V) => Json): Json => [...m].map(([k, v]) => [k, f(v)]);
function mapOf<V>(j: Json, f: (v: Json) => V): Map<string, V> {
  return new Map((j as [string, Json][]).map(([k, v]) => [k, f(v)]));
}

export function accToJson(a: WindowAcc): Json {
  return {
    n: a.n, n4xx: a.n4xx, n5xx: a.n5xx, bytes: a.bytes, lat: a.lat,
    ips: entries(a.ips, (v) => v),
    busy: entries(a.busy, (r) => [r.n, r.n5xx, r.lat]),
    rl: entries(a.rl, (l) => l),
    failures: a.failures, invalid: a.invalid,
    failIps: entries(a.failIps, (v) => v),
    level: entries(a.level, sumJson),
    host: entries(a.host, (m) => entries(m, sumJson)),
  };
}

export function accFromJson(j: Json): WindowAcc {
  const o = j as Record<string, Json>;
  return {
    n: o.n as number, n4xx: o.n4xx as number, n5xx: o.n5xx as number, bytes: o.bytes as number,
    lat: [...(o.lat as number[])],
    ips: mapOf(o.ips, (v) => v as number),
    busy: mapOf(o.busy, (v) => {
      const [n, n5xx, lat] = v as [number, number, number[]];
      return { n, n5xx, lat: [...lat] };
    }),
    rl: mapOf(o.rl, (v) => [...(v as number[])]),
    failures: o.failures as number, invalid: o.invalid as number,
    failIps: mapOf(o.failIps, (v) => v as number),
    level: mapOf(o.level, sumOf),
    host: mapOf(o.host, (m) => mapOf(m, sumOf)),
  };
}
