import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { createSchema, resetData } from '../db/schema';
import { openNative } from '../db/native';
import { openWasmNode } from '../db/wasm-node';
import type { MetricBatch, RequestBatch } from '../ingest/types';
import { featureSql, type FeatureQuery } from './sql';
import { catalogue, defaultFeatures } from './catalogue';

const T = Date.UTC(2024, 2, 11); // a Monday, 00:00 UTC
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

interface Req { t: number; route: string; lat: number; status?: number; ua?: string | null; ip?: string }
interface Sample { t: number; host: string; name?: string; value: number }

function requests(rows: readonly Req[]): RequestBatch {
  return {
    table: 'requests',
    length: rows.length,
    ts: Float64Array.from(rows, (r) => r.t),
    source: rows.map(() => 'access.log'),
    ip: rows.map((r) => r.ip ?? '192.0.2.1'),
    method: rows.map(() => 'GET'),
    path: rows.map((r) => r.route),
    route: rows.map((r) => r.route),
    status: Int32Array.from(rows, (r) => r.status ?? 200),
    bytes: Float64Array.from(rows, () => 100),
    latency_ms: Float64Array.from(rows, (r) => r.lat),
    referrer: rows.map(() => null),
    user_agent: rows.map((r) => (r.ua === undefined ? 'Mozilla/5.0' : r.ua)),
  };
}

function metrics(rows: readonly Sample[]): MetricBatch {
  return {
    table: 'metrics',
    length: rows.length,
    ts: Float64Array.from(rows, (r) => r.t),
    source: rows.map((r) => r.host),
    name: rows.map((r) => r.name ?? 'cpu_pct'),
    value: Float64Array.from(rows, (r) => r.value),
  };
}

/** `n` requests of a route in minute `m`, one a second from second 1, each with the given request times in turn. */
function minute(m: number, route: string, lats: readonly number[], more: Partial<Req> = {}): Req[] {
  return lats.map((lat, k) => ({ t: T + m * MIN + (k + 1) * 1000, route, lat, ...more }));
}

async function features(db: Db, q: Omit<FeatureQuery, 'windowSec'> & { windowSec?: number }): Promise<Record<string, number>[]> {
  const rows = await db.query(featureSql({ windowSec: 60, ...q }));
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])));
}

const col = (rows: readonly Record<string, number>[], f: string) => rows.map((r) => r[f]);

// Route latency index, 1-minute windows, training = minutes 0 and 1 (fit until T + 2 min).
// /a training times 10, 20, 30, 40 (a 5xx at 1000 ms left out) → median 25;
// /b training times 100, 100, 90, 110, 130 → median 100; /healthz and a kube-probe on /a never count.
const ROUTE_ROWS: Req[] = [
  ...minute(0, '/a', [10, 20, 30]),
  ...minute(0, '/b', [100, 100], { ip: '192.0.2.9' }),
  ...minute(0, '/a', [1000], { status: 503 }),
  ...minute(0, '/healthz', [1, 1, 2]),
  ...minute(1, '/a', [40]),
  ...minute(1, '/b', [90, 110, 130]),
  ...minute(1, '/healthz', [2, 1, 1]),
  // test minute 2: /a median 50 → 2; /b has 2 requests (< 3); /c never seen in training; probes ignored
  ...minute(2, '/a', [50, 50, 75]),
  ...minute(2, '/a', [9000], { ua: 'kube-probe/1.29' }),
  ...minute(2, '/b', [500, 500]),
  ...minute(2, '/c', [900, 900, 900, 900]),
  ...minute(2, '/healthz', [100, 100, 100]),
  // minute 3: /a at 400 ms, two of them without a user agent (they count) → 16
  ...minute(3, '/a', [400]),
  ...minute(3, '/a', [400, 400], { ua: null }),
  // minute 4: one /a request, nothing qualifies → 1 (as usual)
  ...minute(4, '/a', [400]),
];

// Per-host residuals, 1-minute windows at 00:00–00:06 UTC, training = minutes 0–3.
// Requests per minute x = 1, 2, 3, 4 (training), then 2, 0, 4.
// h1: 10x exactly → residual sd 0 → floored at 1 % of its mean 25 = 0.25.
// h2: 50, 50, 50, 54 → line 51 + 1.2 (x − 2.5), residuals 0.8, −0.4, −1.6, 1.2, sd √1.2.
const X = [1, 2, 3, 4, 2, 0, 4];
const H1 = [10, 20, 30, 40, 25, 0, 30];
const H2 = [50, 50, 50, 54, 60, 51, 51.7];
const RESID_REQUESTS: Req[] = X.flatMap((n, m) => minute(m, '/r', Array.from({ length: n }, () => 10)));
const RESID_METRICS: Sample[] = X.flatMap((_, m) => [
  { t: T + m * MIN + 30_000, host: 'h1', value: H1[m] },
  { t: T + m * MIN + 30_000, host: 'h2', value: H2[m] },
]);

for (const [label, open] of [['duckdb-wasm', openWasmNode], ['native', () => openNative()]] as const) {
  describe(`training-span features (${label})`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await open();
      await createSchema(db);
    });
    beforeEach(() => resetData(db));
    afterAll(() => db.close());

    it('route latency index: window median over the route training median, max over routes with enough requests', async () => {
      await db.insert(requests(ROUTE_ROWS));
      const rows = await features(db, { features: ['route_latency_index_max'], fitUntilMs: T + 2 * MIN });
      // minute 0: /a 20/25 (/b has 2 requests); minute 1: /b 110/100 (/a has 1)
      expect(col(rows, 'route_latency_index_max')).toEqual([0.8, 1.1, 2, 16, 1].map((v) => expect.closeTo(v, 12)));
      // with 2 requests enough, /b's 500/100 wins minute 2
      const two = await features(db, { features: ['route_latency_index_max'], fitUntilMs: T + 2 * MIN, routeIndex: { minRequests: 2 } });
      expect(two[2].route_latency_index_max).toBeCloseTo(5, 12);
      // p90 instead: /a training p90 of [10, 20, 30, 40] = 37, minute 2 p90 of [50, 50, 75] = 70
      const p90 = await features(db, { features: ['route_latency_index_max'], fitUntilMs: T + 2 * MIN, routeIndex: { quantile: 0.9 } });
      expect(p90[2].route_latency_index_max).toBeCloseTo(70 / 37, 12);
    });

    it('route latency index: a route whose training median is under 1 ms is measured against 1 ms', async () => {
      await db.insert(requests([...minute(0, '/fast', [0, 0, 0]), ...minute(1, '/fast', [3, 3, 4])]));
      const rows = await features(db, { features: ['route_latency_index_max'], fitUntilMs: T + MIN });
      expect(col(rows, 'route_latency_index_max')).toEqual([0, 3]);
    });

    it('load residual: the window mean above a line on the request count, in training residual sds, max over hosts', async () => {
      await db.insert(requests(RESID_REQUESTS));
      await db.insert(metrics(RESID_METRICS));
      const f = 'metric_resid_load_max:cpu_pct';
      const clipped = col(await features(db, { features: [f], fitUntilMs: T + 4 * MIN }), f);
      // training windows fit exactly (h1) or within an sd (h2, largest 1.6/√1.2 ≈ 1.46)
      expect(clipped.slice(0, 4)).toEqual([0.8, 0, 0, 1.2].map((r) => expect.closeTo(r / Math.sqrt(1.2), 12)));
      // minute 4 (x 2): h1 25 vs 20 → 5 / 0.25 = 20; h2 60 vs 50.4 → 9.6/√1.2
      // minute 5 (x 0): h1 0 vs 0; h2 51 vs 48 → 3/√1.2; minute 6 (x 4): both below the line → 0
      expect(clipped.slice(4)).toEqual([20, 3 / Math.sqrt(1.2), 0].map((v) => expect.closeTo(v, 12)));
      const signed = col(await features(db, { features: [f], fitUntilMs: T + 4 * MIN, residuals: { clip: false } }), f);
      // minute 6 unclipped: h1 30 vs 40 → −40 sds, h2 51.7 vs 52.8 → −1.1/√1.2, the higher wins
      expect(signed[6]).toBeCloseTo(-1.1 / Math.sqrt(1.2), 12);
    });

    it('hour-of-day residual: against the host mean for that hour, the overall mean for an hour training never saw', async () => {
      // one host, hourly windows: hour 0 at 10 and 12, hour 1 at 30 and 32 → residuals ±1, sd 1
      const at = (d: number, h: number, value: number): Sample => ({ t: T + d * DAY + h * HOUR + 60_000, host: 'web-1', value });
      await db.insert(metrics([at(0, 0, 10), at(0, 1, 30), at(1, 0, 12), at(1, 1, 32), at(2, 0, 15), at(2, 1, 31), at(2, 5, 26)]));
      const f = 'metric_resid_tod_max:cpu_pct';
      const rows = await features(db, { windowSec: 3600, features: [f], fitUntilMs: T + 2 * DAY });
      const byTs = new Map(rows.map((r) => [r.ts, r[f]]));
      // day 2: hour 0 (15 − 11) = 4; hour 1 (31 − 31) = 0; hour 5 was never trained on: 26 − 21 = 5
      expect(byTs.get(T + 2 * DAY)).toBeCloseTo(4, 12);
      expect(byTs.get(T + 2 * DAY + HOUR)).toBeCloseTo(0, 12);
      expect(byTs.get(T + 2 * DAY + 5 * HOUR)).toBeCloseTo(5, 12);
      // hours without a sample carry the last value, like the metric gauges
      expect(byTs.get(T + 2 * DAY + 3 * HOUR)).toBeCloseTo(0, 12);
      expect(rows).toHaveLength(2 * 24 + 6);
    });

    it('a constant training series without traffic gets the sd floor: finite, no division by zero', async () => {
      const flat = [0, 1, 2, 3].map((m) => ({ t: T + m * MIN, host: 'db-1', name: 'ram_pct', value: 50 }));
      await db.insert(metrics([...flat, { t: T + 4 * MIN, host: 'db-1', name: 'ram_pct', value: 51 }]));
      const ids = ['metric_resid_load_max:ram_pct', 'metric_resid_tod_max:ram_pct'];
      const rows = await features(db, { features: ids, fitUntilMs: T + 4 * MIN });
      // no requests: the line is flat at the mean 50; the sd floor is 1 % of 50 = 0.5 → (51 − 50) / 0.5
      for (const f of ids) expect(col(rows, f)).toEqual([0, 0, 0, 0, 2]);
    });

    it('without metric rows the residuals are 0 and the request features still work', async () => {
      await db.insert(requests(ROUTE_ROWS));
      const ids = ['route_latency_index_max', 'metric_resid_load_max:cpu_pct', 'metric_resid_tod_max:cpu_pct', 'metric_mean:cpu_pct'];
      const rows = await features(db, { features: ids, fitUntilMs: T + 2 * MIN });
      expect(rows).toHaveLength(5);
      for (const f of ids.slice(1)) expect(col(rows, f)).toEqual([0, 0, 0, 0, 0]);
      expect(rows[2].route_latency_index_max).toBeCloseTo(2, 12);
    });

    it('never lets NaN or Infinity into the frame', async () => {
      await db.insert(requests([...minute(0, '/a', [10, Infinity, NaN, 10]), ...minute(1, '/a', [1e308, 1e308, 1e308])]));
      await db.insert(
        metrics([
          { t: T, host: 'h', value: 1e308 },
          { t: T + MIN, host: 'h', value: -1e308 },
          { t: T + MIN, host: 'g', value: Infinity },
          { t: T + 2 * MIN, host: 'h', value: NaN },
          { t: T + 2 * MIN, host: 'g', value: 5 },
        ]),
      );
      const all = [...catalogue(['cpu_pct']).map((f) => f.id), 'd:route_latency_index_max', 'd:metric_resid_load_max:cpu_pct'];
      const rows = await features(db, { features: all, fitUntilMs: T + 2 * MIN });
      expect(rows).toHaveLength(3);
      for (const r of rows) for (const f of all) expect(Number.isFinite(r[f]), `${f} at ${r.ts}: ${r[f]}`).toBe(true);
    });

    it('rows after fitUntilMs change no earlier window, the busiest routes included', async () => {
      await db.insert(requests([...ROUTE_ROWS, ...RESID_REQUESTS.map((r) => ({ ...r, t: r.t + 10 * MIN }))]));
      await db.insert(metrics(RESID_METRICS.map((s) => ({ ...s, t: s.t + 10 * MIN }))));
      const ids = [...catalogue(['cpu_pct']).map((f) => f.id), 'd:route_latency_index_max', 'd:metric_resid_tod_max:cpu_pct'];
      const q = { features: ids, fitUntilMs: T + 13 * MIN, busiestRoutes: 1 };
      const before = await features(db, q);
      expect(before).toHaveLength(17);
      // the future: a new busiest route, slower requests everywhere, hot hosts, more traffic
      await db.insert(
        requests([
          ...Array.from({ length: 40 }, (_, k) => minute(20 + (k % 5), '/z', [5000, 7000])).flat(),
          ...minute(21, '/a', [900, 900, 900]),
          ...minute(22, '/b', [900, 900, 900]),
          ...minute(23, '/r', Array.from({ length: 30 }, () => 10)),
        ]),
      );
      await db.insert(metrics([20, 21, 22].flatMap((m) => [{ t: T + m * MIN, host: 'h1', value: 99 }, { t: T + m * MIN, host: 'h2', value: 99 }])));
      const after = await features(db, q);
      expect(after).toHaveLength(25);
      expect(after.slice(0, before.length)).toEqual(before);
      // and the same rows with the fit at their end would have moved the past: the check can fail
      const refit = await features(db, { ...q, fitUntilMs: T + 25 * MIN });
      expect(refit.slice(0, before.length)).not.toEqual(before);
    });
  });
}

describe('training-span feature catalogue', () => {
  it('lists the new features with units, and puts the route index and CPU/memory load residuals in the defaults', () => {
    const ids = catalogue(['cpu_pct']).map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['route_latency_index_max', 'metric_resid_load_max:cpu_pct', 'metric_resid_tod_max:cpu_pct']));
    const d = defaultFeatures(['cpu_pct', 'disk_pct', 'ram_pct', 'mem_used']);
    expect(d).toContain('route_latency_index_max');
    expect(d.filter((f) => f.startsWith('metric_resid'))).toEqual(['metric_resid_load_max:cpu_pct', 'metric_resid_load_max:ram_pct', 'metric_resid_load_max:mem_used']);
  });
  it('refuses a missing fit end and bad route index settings, naming them', () => {
    expect(() => featureSql({ windowSec: 60, features: ['requests'], fitUntilMs: NaN })).toThrow('invalid fitUntilMs: NaN');
    expect(() => featureSql({ windowSec: 60, features: ['requests'], fitUntilMs: T, routeIndex: { minRequests: 0 } })).toThrow('invalid routeIndex.minRequests: 0');
    expect(() => featureSql({ windowSec: 60, features: ['requests'], fitUntilMs: T, routeIndex: { quantile: 1 } })).toThrow('invalid routeIndex.quantile: 1');
  });
});
