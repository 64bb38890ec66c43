/**
 * The window table computed in ClickHouse: one query per feature family (families.ts) over the
 * dataset's tables, each aggregated where the rows are (a Distributed table pushes the GROUP BY
 * down to its shards and merges the partial states), then the grid, fills and changes here
 * (assemble.ts). Same windows as DuckDB's featureSql on the same rows; see the suite in
 * lib/features/dialect.suite.ts for the tolerance.
 */
import { dialect } from '../features/dialect';
import { authFamily, authTopFamily, busiestRoutes, ipCounts, ipTop, metricFamily, newIps, requestFamily, routeFamily, type LogTables } from '../features/families';
import { ROUTE_INDEX_DEFAULTS, routeIndexFamily } from '../features/fitted';
import { assembleWindows, familiesOf, type FamilyName, type FamilyRows } from '../features/assemble';
import { parseMetricFeature } from '../features/catalogue';
import { MAX_WINDOWS, type FeatureFrame, type FitSpan } from '../eval/frame';
import { splitTimeOf } from '../metrics/split';
import type { ClickHouse } from './client';

const d = dialect('clickhouse');

/** Families ClickHouse 18.16 cannot compute (no window functions); see families.ts. */
const NOT_IN_CLICKHOUSE: ReadonlySet<FamilyName> = new Set(['mres', 'mrise']);

/** Whether `id` (a base or `d:` feature) can be computed in ClickHouse. */
export function inClickHouse(id: string): boolean {
  return familiesOf(id.startsWith('d:') ? id.slice(2) : id).every((f) => !NOT_IN_CLICKHOUSE.has(f));
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
  /** more windows than this is refused before any family query; default MAX_WINDOWS (as for files) */
  maxWindows?: number;
  /** called after each family's query with its name and ms taken */
  onFamily?: (family: string, ms: number, rows: number) => void;
}

/** The feature frame of the dataset's tables `t`, computed in ClickHouse. */
export async function chFeatures(ch: ClickHouse, t: LogTables, o: ChFeatureOptions): Promise<FeatureFrame> {
  if (!Number.isInteger(o.windowSec) || o.windowSec < 10 || o.windowSec > 3600) throw new Error(`invalid window: ${o.windowSec} s`);
  if (o.features.length === 0) throw new Error('no features selected');
  const refused = o.features.filter((f) => !inClickHouse(f));
  if (refused.length > 0) throw new Error(`not computed in ClickHouse (its SQL would need window functions, which 18.16 lacks): ${refused.join(', ')}`);
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
  const { starts, X } = assembleWindows(rows, Math.floor(span.from / w), Math.floor(span.to / w), w, o.features, metricKey);
  return { starts, features: [...o.features], X, fitUntilMs: fit };
}
