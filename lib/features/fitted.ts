/**
 * Features compared against a baseline fitted on the training span only (rows with
 * ts < fitUntilMs): a route's usual request time, a host's usual metric level for its load and for
 * the hour of day. The test span never shapes its own yardstick, so a future row cannot move a
 * past window's value.
 */
import { sqlString } from '../db/schema';
import { dialect, type Dialect } from './dialect';
import { DUCKDB_TABLES, where, type LogTables } from './families';

/**
 * Health checks are left out of route latencies: they answer in a millisecond or two from a
 * load balancer's or orchestrator's probe, so their ratios are rounding noise, not service speed.
 * A request is one when its route's last segment is a conventional probe name (`/healthz`,
 * `/actuator/health`, `/ping`, …; any case, trailing slash allowed) or its user agent starts with
 * a probe's name (Kubernetes, AWS ELB, Google Cloud load balancers, Consul), which also catches
 * probes of `/`. The simulator's checks are `GET /healthz` from `kube-probe/1.29`.
 */
const HEALTH_ROUTE_SEGMENTS = ['health', 'healthz', 'healthcheck', 'health-check', 'health_check', 'livez', 'readyz', 'liveness', 'readiness', 'ping'] as const;
const HEALTH_USER_AGENTS = ['kube-probe', 'ELB-HealthChecker', 'GoogleHC', 'Consul Health Check'] as const;

const HEALTH_ROUTE_RE = `(^|/)(${HEALTH_ROUTE_SEGMENTS.join('|')})/?$`;

/** Predicate: the route `route` is a health-check route (see HEALTH_ROUTE_SEGMENTS). */
const isHealthRoute = (d: Dialect) => d.matches('lower(route)', d.str(HEALTH_ROUTE_RE));

/** Predicate over requests: the user agent is a probe's (a NULL agent is not). */
const isProbeAgent = (d: Dialect) => `coalesce(${HEALTH_USER_AGENTS.map((ua) => d.startsWith('user_agent', d.str(ua))).join(' OR ')}, ${d.false})`;

/** The same tests in JavaScript (the featurer and the JS feature-state fit read rows, not SQL). */
const HEALTH_ROUTE_JS = new RegExp(HEALTH_ROUTE_RE);
export const isHealthRouteName = (route: string) => HEALTH_ROUTE_JS.test(route.toLowerCase());
export function isProbeAgentName(ua: string | null): boolean {
  if (ua === null) return false;
  for (const p of HEALTH_USER_AGENTS) if (ua.startsWith(p)) return true;
  return false;
}

/**
 * Route latency index defaults; see catalogue.ts for the feature's description. At 1 request/s a
 * route with 5 % of the traffic has 3 requests a minute, so 3 keeps the middle-sized routes of a
 * small shop in play, and one stray slow request cannot move the median of three. Measured on the simulated
 * web shop (bench/fitted-features.ts, seeds 1–5): with the other default features, EWMA caught
 * 15/19 slow endpoints at 3 (16 at 2, more false alarms); the median caught 1–2 more than the p90.
 * Alone, at 10 requests only the busiest routes qualify and it caught 9/19.
 */
export const ROUTE_INDEX_DEFAULTS = { minRequests: 3, quantile: 0.5 } as const;

/**
 * A route's training median below this counts as this: request times under 1 ms are below
 * nginx's `$request_time` resolution, and a 0 ms baseline would divide by zero.
 */
const ROUTE_BASE_FLOOR_MS = 1;

export interface RouteIndexOptions {
  /** requests of a route a window needs before its quantile counts; default 3 */
  minRequests: number;
  /** the window's quantile of request time compared with the same quantile on the training span; default 0.5 */
  quantile: number;
}

/**
 * `rli(i, route_latency_index_max)`: per window and route, the quantile of request time over the
 * route's training quantile, maximum over routes with enough requests. 5xx answers (often fast
 * failures or timeouts, a different signal) and health checks are left out; routes the training
 * span never saw have no baseline and are skipped. Health-check routes get no baseline, so the join
 * drops them: the route test runs once per route instead of once per request.
 */
/** The requests a route's latency index reads: timed, not failed, not from a probe. */
function routeIndexRows(d: Dialect): string {
  return `route IS NOT NULL AND ${d.finite('latency_ms')} AND (status IS NULL OR status < 500) AND NOT ${isProbeAgent(d)}`;
}

/** Each route's baseline (route, base): its training-span latency quantile, floored; health routes left out. Live mode fits it once (lib/live/feature-state.ts). */
export function routeBaseSql(d: Dialect, t: LogTables, o: RouteIndexOptions, fitUntilMs: number): string {
  return `SELECT route, greatest(${d.quantile('latency_ms', o.quantile)}, ${ROUTE_BASE_FLOOR_MS}) AS base FROM ${t.requests}${where(t, routeIndexRows(d), `${d.ms} < ${fitUntilMs}`)}
  GROUP BY route HAVING NOT ${isHealthRoute(d)}`;
}

export function routeIndexFamily(d: Dialect, t: LogTables, o: RouteIndexOptions, w: number, fitUntilMs: number): string {
  return `SELECT i, max(q / base) AS route_latency_index_max FROM (
  SELECT ${d.win(w)} AS i, route, ${d.quantile('latency_ms', o.quantile)} AS q FROM ${t.requests}${where(t, routeIndexRows(d))} GROUP BY i, route HAVING count(*) >= ${o.minRequests}
) ${d.innerJoin} (
  ${routeBaseSql(d, t, o, fitUntilMs)}
) USING (route) GROUP BY i`;
}

/** The DuckDB CTE of routeIndexFamily. */
export function routeIndexCtes(o: RouteIndexOptions, w: number, fitUntilMs: number): string[] {
  return [`rli AS (${routeIndexFamily(dialect('duckdb'), DUCKDB_TABLES, o, w, fitUntilMs)})`];
}

/**
 * The training residual sd is at least 1 % of the host's training mean and at least 0.001 (in the
 * metric's unit): a series that was constant in training still gives finite residuals, and a
 * small wobble of a large steady value is not read as many sds.
 */
export const RESID_SD_FLOOR = { relative: 0.01, absolute: 0.001 } as const;

/**
 * CTEs `mh … mres`: per metric name, host (`metrics.source`) and window, the window's mean
 * against two baselines fitted on the training windows (those ending by fitUntilMs):
 * (a) `load`: a least-squares line on the window's request count (`rq.requests`, 0 without
 * traffic); (b) `tod`: the host's mean for that UTC hour of day (its overall training mean for
 * an hour training never saw). Each residual is divided by its training sd (floored, see
 * RESID_SD_FLOOR) and, by default, clipped at 0: the features say how much hotter than expected
 * the hottest host runs. `mres` holds the maximum over hosts as `load_<key>` and `tod_<key>`. A
 * host without training windows has no baseline and is skipped.
 */
export interface ResidualOptions {
  /** spread of the training residuals: 'sd' (default), or 'mad' (1.4826 × median absolute deviation) */
  scale: 'sd' | 'mad';
  /** a host below its expectation counts as 0; default true */
  clip: boolean;
}

/**
 * Measured on the simulator (bench/fitted-features.ts): unclipped, the quieter weekend in the
 * test span (training saw weekdays) read as large negative residuals and the hour-of-day
 * residual alone raised 6.3 false alarms/day with EWMA; clipped, 0.1, with the same CPU spikes
 * caught. The MAD scale caught no more than the sd.
 */
export const RESIDUAL_DEFAULTS: ResidualOptions = { scale: 'sd', clip: true };

/**
 * Sums over a host's windows in window order: native DuckDB combines partial sums from its
 * threads, which put these features ~1e-11 (relative) away from single-threaded duckdb-wasm's and
 * broke the browser = CLI check; in a fixed order both agree bit for bit.
 */
const BY_WINDOW = 'ORDER BY i';

export function residualCtes(names: readonly string[], key: (name: string) => string, w: number, fitUntilMs: number, o: ResidualOptions = RESIDUAL_DEFAULTS): string[] {
  const list = names.map(sqlString).join(', ');
  const floor = `greatest(${RESID_SD_FLOOR.relative} * abs(any_value(mu)), ${RESID_SD_FLOOR.absolute})`;
  // not stddev_pop: it raises an error when squares overflow (values near 1e308), where this gives
  // Infinity or NaN for the final finite-guard to drop; residuals average 0, so no cancellation
  const spread = (r: string) =>
    o.scale === 'sd' ? `coalesce(sqrt(greatest(avg(${r} * ${r} ${BY_WINDOW}) - avg(${r} ${BY_WINDOW}) * avg(${r} ${BY_WINDOW}), 0)), 0)` : `1.4826 * coalesce(mad(${r}), 0)`;
  const z = (r: string, s: string) => (o.clip ? `greatest(${r} / ${s}, 0)` : `${r} / ${s}`);
  const cols = names.flatMap((n) => [
    `max(${z('r_load', 's_load')}) FILTER (WHERE name = ${sqlString(n)}) AS load_${key(n)}`,
    `max(${z('r_tod', 's_tod')}) FILTER (WHERE name = ${sqlString(n)}) AS tod_${key(n)}`,
  ]);
  return [
    `mh AS (SELECT CAST(floor(epoch_ms(ts) / ${w}) AS BIGINT) AS i, source AS host, name, avg(value ORDER BY epoch_ms(ts), value) AS v
  FROM metrics WHERE isfinite(value) AND name IN (${list}) GROUP BY 1, 2, 3)`,
    // a window takes part in the fit only when it ends by fitUntilMs: every row in it is then before it
    `mx AS (SELECT mh.i, host, name, v, coalesce(rq.requests, 0) AS x,
  CAST(floor((((mh.i * ${w}) % 86400000) + 86400000) % 86400000 / 3600000) AS INTEGER) AS hod, (mh.i + 1) * ${w} <= ${fitUntilMs} AS train
  FROM mh LEFT JOIN rq ON rq.i = mh.i)`,
    // regr_slope is NaN, not NULL, when the request count never varied: no slope then
    `mfit AS (SELECT host, name, avg(v ${BY_WINDOW}) AS mu, coalesce(CASE WHEN isfinite(regr_slope(v, x ${BY_WINDOW})) THEN regr_slope(v, x ${BY_WINDOW}) END, 0) AS b,
  avg(x ${BY_WINDOW}) AS xbar FROM mx WHERE train GROUP BY host, name)`,
    `mtod AS (SELECT host, name, hod, avg(v ${BY_WINDOW}) AS mu_h FROM mx WHERE train GROUP BY host, name, hod)`,
    `mr AS (SELECT mx.i, host, name, mx.train, f.mu, mx.v - (f.mu + f.b * (mx.x - f.xbar)) AS r_load, mx.v - coalesce(t.mu_h, f.mu) AS r_tod
  FROM mx JOIN mfit f USING (host, name) LEFT JOIN mtod t USING (host, name, hod))`,
    `msd AS (SELECT host, name, greatest(${spread('r_load')}, ${floor}) AS s_load, greatest(${spread('r_tod')}, ${floor}) AS s_tod
  FROM mr WHERE train GROUP BY host, name)`,
    `mres AS (SELECT i, ${cols.join(', ')} FROM mr JOIN msd USING (host, name) GROUP BY i)`,
  ];
}
