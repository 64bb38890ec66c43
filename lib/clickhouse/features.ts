/**
 * The window table computed in ClickHouse: one query per feature family (families.ts) over the
 * dataset's tables, each aggregated where the rows are (a Distributed table pushes the GROUP BY
 * down to its shards and merges the partial states), then the grid, fills and changes here
 * (assemble.ts), and the metric residuals and rises from host means (metric-fits.ts). Same windows as DuckDB's featureSql on the same rows; see the suite in
 * lib/features/windows.suite.ts and test/clickhouse-cluster.test.ts (equal to the bit).
 */
import { dialect } from '../features/dialect';
import { authFamily, authTopFamily, busiestRoutes, ipCounts, ipTop, metricFamily, newIps, requestFamily, routeFamily, where, type LogTables } from '../features/families';
import { ROUTE_INDEX_DEFAULTS, routeIndexFamily } from '../features/fitted';
import { assembleWindows, familiesOf, type FamilyName, type FamilyRows } from '../features/assemble';
import { residualRows, riseRows, type HostMean } from '../features/metric-fits';
import { riseWindows } from '../features/rise';
import { parseMetricFeature } from '../features/catalogue';
import { MAX_WINDOWS, type FeatureFrame, type FitSpan } from '../eval/frame';
import { splitTimeOf } from '../metrics/split';
import type { ClickHouse } from './client';

const d = dialect('clickhouse');

/**
 * Host means per window, metric and host (`sum`, `n` of the finite values; summed in (time, value)
 * order, as DuckDB's), aggregated on the shards; the metric families that compare windows with each other (residuals, rises) need window
 * functions, which ClickHouse 18.16 lacks, so they are finished here from these rows (metric-fits.ts).
 */
function hostMeansSql(t: LogTables, w: number, names: readonly string[]): string {
  const list = names.map((n) => d.str(n)).join(', ');
  return `SELECT ${d.win(w)} AS i, source AS host, name, arraySum(arrayMap(t -> tupleElement(t, 2), arraySort(groupArray((ts_ms, assumeNotNull(value)))))) AS s, count() AS n FROM ${t.metrics}${where(t, d.finite('value'), `name IN (${list})`)} GROUP BY i, host, name`;
}

/** The data's first and last row time over the three tables (epoch ms), null when empty. */
async function chSpan(ch: ClickHouse, t: LogTables): Promise<{ from: number; to: number } | null> {
  const w = t.where ? ` WHERE ${t.where}` : '';
  const parts = [t.requests, t.auth_events, t.metrics].map((n) => `SELECT min(ts_ms) AS lo, max(ts_ms) AS hi, count() AS n FROM ${n}${w}`);
  const rows = await Promise.all(parts.map((p) => ch.query(p)));
  const live = rows.map((r) => r[0]).filter((r) => Number(r.n) > 0);
  if (live.length === 0) return null;
  return { from: Math.min(...live.map((r) => Number(r.lo))), to: Math.max(...live.map((r) => Number(r.hi))) };
}

export interface ChFeatureOptions {
  windowSec: number;
  features: readonly string[];
  fit?: FitSpan;
  busiestRoutes?: number;
  /** span of metric_rise_max, seconds; default RISE_DEFAULTS.horizonSec (an hour) */
  riseHorizonSec?: number;
  /** more windows than this is refused before any family query; default MAX_WINDOWS (as for files) */
  maxWindows?: number;
  /** called after each family's query with its name and ms taken */
  onFamily?: (family: string, ms: number, rows: number) => void;
}

/** The feature frame of the dataset's tables `t`, computed in ClickHouse. */
export async function chFeatures(ch: ClickHouse, t: LogTables, o: ChFeatureOptions): Promise<FeatureFrame> {
  if (!Number.isInteger(o.windowSec) || o.windowSec < 10 || o.windowSec > 3600) throw new Error(`invalid window: ${o.windowSec} s`);
  if (o.features.length === 0) throw new Error('no features selected');
  const w = o.windowSec * 1000;
  const span = await chSpan(ch, t);
  if (span === null) return { starts: new Float64Array(0), features: [...o.features], X: [], fitUntilMs: null };
  const windows = Math.floor(span.to / w) - Math.floor(span.from / w) + 1;
  const max = o.maxWindows ?? MAX_WINDOWS;
  if (windows > max) {
    throw new Error(
      `the data spans ${windows.toLocaleString('en-US')} windows of ${o.windowSec} s (${new Date(span.from).toISOString()} → ${new Date(span.to).toISOString()}), ` +
        `more than the ${max.toLocaleString('en-US')} a model can train on here: pick a shorter span (--from/--to) or a longer window`,
    );
  }
  const fit = o.fit?.fitUntilMs ?? splitTimeOf(span.from, span.to, w, o.fit?.trainFraction ?? 0.5);
  const k = o.busiestRoutes ?? 10;
  const bases = [...new Set(o.features.map((f) => (f.startsWith('d:') ? f.slice(2) : f)))];
  const needed = new Set(bases.flatMap(familiesOf));
  // residuals are fitted on the window's request count
  if (needed.has('mres')) needed.add('rq');
  const metricNames = [...new Set(bases.flatMap((b) => parseMetricFeature(b)?.name ?? []))];
  const metricKey = (name: string) => `m${metricNames.indexOf(name)}`;
  const sql: Partial<Record<FamilyName, string>> = {
    rq: requestFamily(d, t, w),
    ipt: ipTop(d, `(${ipCounts(d, t, w)})`),
    nip: newIps(d, t, w),
    rt: routeFamily(d, t, w, busiestRoutes(d, t, k, fit)),
    au: authFamily(d, t, w),
    aut: authTopFamily(d, t, w),
    mt: metricFamily(d, t, w, metricNames, metricKey),
    rli: routeIndexFamily(d, t, { ...ROUTE_INDEX_DEFAULTS }, w, fit),
  };
  const rows: FamilyRows = {};
  // one family at a time: each already keeps every shard busy
  for (const f of needed) {
    if (f === 'mres' || f === 'mrise') continue;
    const q = sql[f];
    if (q === undefined) throw new Error(`family ${f} has no ClickHouse query`);
    const t0 = performance.now();
    const got = await ch.query(q);
    const m = new Map<number, Record<string, number | null>>();
    for (const r of got) {
      const cells: Record<string, number | null> = {};
      for (const [c, v] of Object.entries(r)) cells[c] = v === null ? null : Number(v);
      m.set(Number(r.i), cells);
    }
    rows[f] = m;
    o.onFamily?.(f, performance.now() - t0, got.length);
  }
  const metricsOf = (test: (kind: string) => boolean) => [...new Set(bases.flatMap((b) => { const m = parseMetricFeature(b); return m && test(m.kind) ? [m.name] : []; }))];
  const fitted = { mres: metricsOf((k) => k.startsWith('resid_')), mrise: metricsOf((k) => k === 'rise_max') };
  if (fitted.mres.length + fitted.mrise.length > 0) {
    const t0 = performance.now();
    const got = await ch.query(hostMeansSql(t, w, [...new Set([...fitted.mres, ...fitted.mrise])]));
    const means: HostMean[] = got.map((r) => ({ i: Number(r.i), host: String(r.host), name: String(r.name), sum: Number(r.s), n: Number(r.n) }));
    if (fitted.mres.length > 0) {
      const requests = new Map([...(rows.rq ?? new Map<number, Record<string, number | null>>())].map(([i, r]) => [i, r.requests ?? 0]));
      rows.mres = residualRows(means, requests, fitted.mres, metricKey, w, fit);
    }
    if (fitted.mrise.length > 0) rows.mrise = riseRows(means, fitted.mrise, metricKey, riseWindows(o.windowSec, o.riseHorizonSec));
    o.onFamily?.('mh', performance.now() - t0, got.length);
  }
  const { starts, X } = assembleWindows(rows, Math.floor(span.from / w), Math.floor(span.to / w), w, o.features, metricKey);
  return { starts, features: [...o.features], X, fitUntilMs: fit };
}
