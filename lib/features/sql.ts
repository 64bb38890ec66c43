/**
 * Windowed features in SQL. One row per window of `windowSec` from the first to the last event
 * of any table; empty windows are kept and filled (no traffic is a signal): counts, rates and
 * request-time quantiles become 0, metric gauges and residuals carry the last value forward, the
 * route latency index is 1 (as usual). Every statistic a window is compared against (the busiest
 * routes, baselines, fits) comes from rows before `fitUntilMs` only: no value uses the future.
 * NaN and ±Infinity never leave the query (they become the fill value).
 */
import { assertNever } from '../util/assert-never';
import { featureDef, parseMetricFeature } from './catalogue';
import { dialect } from './dialect';
import { DUCKDB_TABLES, authFamily, authTopFamily, busiestRoutes, ipCounts, ipTop, metricFamily, newIps, requestFamily, routeFamily } from './families';
import { RESIDUAL_DEFAULTS, ROUTE_INDEX_DEFAULTS, residualCtes, routeIndexCtes, type ResidualOptions, type RouteIndexOptions } from './fitted';
import { riseCtes, riseWindows } from './rise';

export interface FeatureQuery {
  /** window length, seconds (10 … 3600) */
  windowSec: number;
  /** feature ids (see catalogue.ts), in output order */
  features: readonly string[];
  /**
   * end of the training span, epoch ms, exclusive: baselines, fits and the busiest routes come
   * from rows with ts < fitUntilMs only (see lib/metrics/split.ts `splitTimeOf`)
   */
  fitUntilMs: number;
  /** routes considered by route_p90_max / route_5xx_max: the busiest on the training span by request count; default 10 */
  busiestRoutes?: number;
  /** route_latency_index_max settings; default ROUTE_INDEX_DEFAULTS (3 requests, median) */
  routeIndex?: Partial<RouteIndexOptions>;
  /** metric residual settings; default RESIDUAL_DEFAULTS */
  residuals?: Partial<ResidualOptions>;
  /** span of metric_rise_max, seconds; default RISE_DEFAULTS.horizonSec (an hour) */
  riseHorizonSec?: number;
}

type Fill = 'zero' | 'carry' | 'one';

export function ident(id: string): string {
  return `"${id.replaceAll('"', '""')}"`;
}

/** SQL for the base (non-change) feature `id`, over the CTEs below, before filling; metric columns are m0, m1, … by name. */
function baseColumn(id: string, metricKey: (name: string) => string): { expr: string; fill: Fill } {
  const m = parseMetricFeature(id);
  if (m) {
    const k = metricKey(m.name);
    switch (m.kind) {
      case 'mean':
      case 'max':
        return { expr: `mt.${m.kind}_${k}`, fill: 'carry' };
      case 'resid_load_max':
        return { expr: `mres.load_${k}`, fill: 'carry' };
      case 'resid_tod_max':
        return { expr: `mres.tod_${k}`, fill: 'carry' };
      case 'rise_max':
        return { expr: `mrise.rise_${k}`, fill: 'carry' };
      default:
        return assertNever(m.kind);
    }
  }
  const req: Record<string, string> = {
    requests: 'rq.requests',
    rate_4xx: 'rq.n4xx / nullif(rq.requests, 0)',
    rate_5xx: 'rq.n5xx / nullif(rq.requests, 0)',
    p50_ms: 'rq.p50',
    p90_ms: 'rq.p90',
    p99_ms: 'rq.p99',
    bytes: 'rq.bytes',
    unique_ips: 'rq.unique_ips',
    top_ip_share: 'ipt.top_n / nullif(rq.requests, 0)',
    new_ip_ratio: 'nip.new_ips / nullif(rq.unique_ips, 0)',
    route_p90_max: 'rt.route_p90_max',
    route_5xx_max: 'rt.route_5xx_max',
    route_latency_index_max: 'rli.route_latency_index_max',
    auth_failures: 'au.failures',
    auth_invalid_users: 'au.invalid_users',
    auth_fail_ips: 'au.fail_ips',
    auth_top_ip_failures: 'aut.top_failures',
  };
  const expr = req[id];
  if (expr === undefined) throw new Error(`unknown feature: ${id}`);
  return { expr, fill: id === 'route_latency_index_max' ? 'one' : 'zero' };
}

function filledColumn(expr: string, fill: Fill): string {
  const finite = `CASE WHEN isfinite(CAST(${expr} AS DOUBLE)) THEN CAST(${expr} AS DOUBLE) END`;
  switch (fill) {
    case 'zero':
      return `coalesce(${finite}, 0)`;
    case 'one':
      return `coalesce(${finite}, 1)`;
    case 'carry':
      return `coalesce(last_value(${finite} IGNORE NULLS) OVER (ORDER BY grid.i ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), 0)`;
    default:
      return assertNever(fill);
  }
}

function routeIndexOptions(o: Partial<RouteIndexOptions> | undefined): RouteIndexOptions {
  const r = { ...ROUTE_INDEX_DEFAULTS, ...o };
  if (!Number.isInteger(r.minRequests) || r.minRequests < 1 || r.minRequests > 10_000) throw new Error(`invalid routeIndex.minRequests: ${r.minRequests}`);
  if (!(r.quantile > 0 && r.quantile < 1)) throw new Error(`invalid routeIndex.quantile: ${r.quantile}`);
  return r;
}

export function featureSql(q: FeatureQuery): string {
  if (!Number.isInteger(q.windowSec) || q.windowSec < 10 || q.windowSec > 3600) throw new Error(`invalid window: ${q.windowSec} s`);
  if (q.features.length === 0) throw new Error('no features selected');
  const k = q.busiestRoutes ?? 10;
  if (!Number.isInteger(k) || k < 1 || k > 1000) throw new Error(`invalid busiestRoutes: ${k}`);
  if (!Number.isFinite(q.fitUntilMs)) throw new Error(`invalid fitUntilMs: ${q.fitUntilMs}`);
  const fit = q.fitUntilMs;
  const ri = routeIndexOptions(q.routeIndex);
  for (const f of q.features) featureDef(f); // throws on unknown ids
  const w = q.windowSec * 1000;
  const bases = [...new Set(q.features.map((f) => (f.startsWith('d:') ? f.slice(2) : f)))];
  const metrics = bases.flatMap((b) => parseMetricFeature(b) ?? []);
  const metricNames = [...new Set(metrics.map((m) => m.name))];
  const residualNames = [...new Set(metrics.filter((m) => m.kind.startsWith('resid_')).map((m) => m.name))];
  const riseNames = [...new Set(metrics.filter((m) => m.kind === 'rise_max').map((m) => m.name))];
  // column-safe keys: metric names may hold any character
  const metricKey = (name: string) => `m${metricNames.indexOf(name)}`;
  const win = (col = 'ts') => `CAST(floor(epoch_ms(${col}) / ${w}) AS BIGINT)`;

  const d = dialect('duckdb');
  const t = DUCKDB_TABLES;
  const ctes = [
    `bounds AS (SELECT min(lo) AS lo, max(hi) AS hi FROM (
  SELECT min(ts) AS lo, max(ts) AS hi FROM requests UNION ALL SELECT min(ts), max(ts) FROM auth_events
  UNION ALL SELECT min(ts), max(ts) FROM metrics))`,
    `grid AS (SELECT range AS i FROM bounds, range(${win('lo')}, ${win('hi')} + 1))`,
    `rq AS (${requestFamily(d, t, w)})`,
    `ipc AS (${ipCounts(d, t, w)})`,
    `ipt AS (${ipTop(d, 'ipc')})`,
    `nip AS (${newIps(d, t, w)})`,
    `busy AS (${busiestRoutes(d, t, k, fit)})`,
    `rt AS (${routeFamily(d, t, w, 'SELECT route FROM busy')})`,
    `au AS (${authFamily(d, t, w)})`,
    `aut AS (${authTopFamily(d, t, w)})`,
    `mt AS (${metricFamily(d, t, w, metricNames, metricKey)})`,
  ];
  const tables = ['rq', 'ipt', 'nip', 'rt', 'au', 'aut', 'mt'];
  if (bases.includes('route_latency_index_max')) {
    ctes.push(...routeIndexCtes(ri, w, fit));
    tables.push('rli');
  }
  if (residualNames.length > 0) {
    ctes.push(...residualCtes(residualNames, metricKey, w, fit, { ...RESIDUAL_DEFAULTS, ...q.residuals }));
    tables.push('mres');
  }
  if (riseNames.length > 0) {
    ctes.push(...riseCtes(riseNames, metricKey, w, riseWindows(q.windowSec, q.riseHorizonSec)));
    tables.push('mrise');
  }
  const joins = tables.map((t) => `LEFT JOIN ${t} ON ${t}.i = grid.i`).join('\n');
  const filled = bases.map((b) => {
    const { expr, fill } = baseColumn(b, metricKey);
    return `${filledColumn(expr, fill)} AS ${ident(b)}`;
  });
  const out = q.features.map((f) =>
    f.startsWith('d:') ? `${ident(f.slice(2))} - lag(${ident(f.slice(2))}, 1, ${ident(f.slice(2))}) OVER (ORDER BY ts) AS ${ident(f)}` : ident(f),
  );
  return `WITH ${ctes.join(',\n')},
base AS (SELECT grid.i * ${w} AS ts, ${filled.join(', ')}
FROM grid
${joins})
SELECT ts, ${out.join(', ')} FROM base ORDER BY ts`;
}
