import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { openNative } from '../db/native';
import { createSchema } from '../db/schema';
import { loadFeatures } from '../eval/frame';
import type { MetricBatch, RequestBatch } from '../ingest/types';
import { assembleWindows, type FamilyRows } from './assemble';
import { residualRows, riseRows, type HostMean } from './metric-fits';
import { riseWindows } from './rise';

const T = Date.UTC(2024, 5, 3);
const W = 60_000;

/** Three hosts over 6 hours of 1-minute windows: load-following cpu, a growing disk, gaps, ties in time. */
function data(seed: string): { requests: RequestBatch; metrics: MetricBatch } {
  const rng = seedrandom(seed);
  const reqTs: number[] = [];
  const mTs: number[] = [];
  const host: string[] = [];
  const name: string[] = [];
  const value: number[] = [];
  for (let i = 0; i < 360; i++) {
    const load = Math.floor(5 + 20 * rng() + (i % 60 < 10 ? 30 : 0));
    for (let k = 0; k < load; k++) reqTs.push(T + i * W + Math.floor(rng() * W));
    for (const h of ['h1', 'h2', 'h3']) {
      if (rng() < 0.1) continue; // a host that missed a window
      // two samples a window, all hosts at the same instants (ties in time, broken by value)
      for (const at of [0, 30_000]) {
        mTs.push(T + i * W + at, T + i * W + at);
        host.push(h, h);
        name.push('cpu_pct', 'disk_pct');
        value.push(10 + load * (h === 'h1' ? 0.7 : 0.3) + 5 * rng(), 40 + i * 0.01 + (h === 'h3' && i > 300 ? (i - 300) * 0.2 : 0) + rng());
      }
    }
  }
  const n = reqTs.length;
  return {
    requests: {
      table: 'requests', length: n, ts: Float64Array.from(reqTs), source: Array(n).fill('a.log'), ip: Array(n).fill('10.0.0.1'),
      method: Array(n).fill('GET'), path: Array(n).fill('/'), route: Array(n).fill('/'), status: new Int32Array(n).fill(200),
      bytes: new Float64Array(n).fill(1), latency_ms: new Float64Array(n).fill(5), referrer: Array(n).fill(null), user_agent: Array(n).fill(null),
    },
    metrics: { table: 'metrics', length: mTs.length, ts: Float64Array.from(mTs), source: host, name, value: Float64Array.from(value) },
  };
}

/** Host means summed in (ms, value) order and requests per window, as an engine without window functions returns them. */
function aggregates(d: ReturnType<typeof data>): { means: HostMean[]; requests: Map<number, number> } {
  const groups = new Map<string, { i: number; host: string; name: string; pts: [number, number][] }>();
  for (let k = 0; k < d.metrics.length; k++) {
    const i = Math.floor(d.metrics.ts[k] / W);
    const key = `${i}|${d.metrics.source[k]}|${d.metrics.name[k]}`;
    const g = groups.get(key) ?? groups.set(key, { i, host: d.metrics.source[k], name: d.metrics.name[k], pts: [] }).get(key)!;
    g.pts.push([d.metrics.ts[k], d.metrics.value[k]]);
  }
  const means = [...groups.values()].map((g) => {
    g.pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return { i: g.i, host: g.host, name: g.name, sum: g.pts.reduce((s, p) => s + p[1], 0), n: g.pts.length };
  });
  const requests = new Map<number, number>();
  for (const t of d.requests.ts) requests.set(Math.floor(t / W), (requests.get(Math.floor(t / W)) ?? 0) + 1);
  return { means, requests };
}

describe('metric residuals and rises from host means', () => {
  it.each(['a', 'b'])('equal the DuckDB SQL to the bit (seed %s)', async (seed) => {
    const d = data(seed);
    const features = ['metric_resid_load_max:cpu_pct', 'metric_resid_tod_max:cpu_pct', 'metric_rise_max:disk_pct', 'metric_resid_load_max:disk_pct'];
    const fitUntilMs = T + 180 * W;
    const db = await openNative(':memory:', { threads: 2 });
    try {
      await createSchema(db);
      await db.insert(d.requests);
      await db.insert(d.metrics);
      const sql = await loadFeatures(db, 60, features, { fitUntilMs });
      const { means, requests } = aggregates(d);
      const key = (n: string) => (n === 'cpu_pct' ? 'm0' : 'm1');
      const rows: FamilyRows = {
        mres: residualRows(means, requests, ['cpu_pct', 'disk_pct'], key, W, fitUntilMs),
        mrise: riseRows(means, ['disk_pct'], key, riseWindows(60)),
      };
      const js = assembleWindows(rows, T / W, T / W + 359, W, features, key);
      expect(Array.from(js.starts)).toEqual(Array.from(sql.starts));
      for (const [j, f] of features.entries()) expect(js.X.map((r) => r[j]), f).toEqual(sql.X.map((r) => r[j]));
      // not all zeros: the load line and the disk's late rise show up
      expect(Math.max(...js.X.map((r) => r[0]))).toBeGreaterThan(1);
      expect(Math.max(...js.X.slice(300).map((r) => r[2]))).toBeGreaterThan(Math.max(...js.X.slice(0, 300).map((r) => r[2])));
    } finally {
      await db.close();
    }
  });

  it('refuses a rise horizon that is not a whole number of windows', () => {
    expect(() => riseRows([], ['x'], () => 'm0', 0)).toThrow(/invalid rise horizon: 0 windows/);
  });
});
