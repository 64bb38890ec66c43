/**
 * SQL for the request panels of the Explore cell. Every function returns SQL text over the
 * `requests` table with the shared time filter applied; the row shapes are the `*Row` types.
 * Rates are ratios in [0, 1]; "errors" always means status >= 500, "client errors" 400–499.
 */
import { bucketWidthSql } from './buckets';
import type { ExploreFilter } from './filter';
import { LATENCY, checkRange, intOption, ratioSql, whereSql } from './filter';

export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx', 'other'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

const IS_ERROR = 'status >= 500';
const IS_CLIENT_ERROR = 'status >= 400 AND status < 500';
const STATUS_CLASS_SQL = `CASE
  WHEN status >= 200 AND status < 300 THEN '2xx' WHEN status >= 300 AND status < 400 THEN '3xx'
  WHEN status >= 400 AND status < 500 THEN '4xx' WHEN status >= 500 AND status < 600 THEN '5xx'
  ELSE 'other' END`;

/** Zero-filled buckets are capped so a tiny explicit width over years cannot explode; data buckets are always returned. */
const MAX_FILLED_BUCKETS = 10_000;

/** @public the rows its query yields (named for callers, though none imports it yet) */
export interface RequestSummaryRow {
  requests: number;
  unique_ips: number;
  errors: number;
  /** null when there are no requests */
  error_rate: number | null;
  client_errors: number;
  client_error_rate: number | null;
  /** latency quantiles in ms over requests that have one; null when none has */
  p50_ms: number | null;
  p90_ms: number | null;
  p99_ms: number | null;
  /** epoch ms; null when there are no requests */
  first_ts: number | null;
  last_ts: number | null;
  span_ms: number | null;
  /** sum of known response sizes; null when no request has one */
  bytes: number | null;
}

export function requestSummary(filter: ExploreFilter): string {
  return `WITH base AS (SELECT ts, ip, status, bytes, ${LATENCY} AS lat FROM requests ${whereSql(filter)}),
agg AS (
  SELECT count(*) AS requests, count(DISTINCT ip) AS unique_ips,
    count(*) FILTER (WHERE ${IS_ERROR}) AS errors, count(*) FILTER (WHERE ${IS_CLIENT_ERROR}) AS client_errors,
    quantile_cont(lat, 0.5) AS p50_ms, quantile_cont(lat, 0.9) AS p90_ms, quantile_cont(lat, 0.99) AS p99_ms,
    epoch_ms(min(ts)) AS first_ts, epoch_ms(max(ts)) AS last_ts, CAST(sum(bytes) AS DOUBLE) AS bytes
  FROM base)
SELECT requests, unique_ips, errors, ${ratioSql('errors', 'requests')} AS error_rate,
  client_errors, ${ratioSql('client_errors', 'requests')} AS client_error_rate,
  p50_ms, p90_ms, p99_ms, first_ts, last_ts, last_ts - first_ts AS span_ms, bytes
FROM agg`;
}

export interface RequestsOverTimeOptions {
  /** bucket width in ms; default: `chooseBucketMs` of the range span (or the data span when no range) */
  bucketMs?: number;
}

/** @public the rows its query yields (named for callers, though none imports it yet) */
export interface RequestsOverTimeRow {
  /** bucket start, epoch ms (buckets are aligned to multiples of bucket_ms since the epoch) */
  ts: number;
  bucket_ms: number;
  requests: number;
  status_2xx: number;
  status_3xx: number;
  status_4xx: number;
  status_5xx: number;
  status_other: number;
  /** null for buckets with no timed request */
  avg_ms: number | null;
  p90_ms: number | null;
}

/**
 * Requests per time bucket, split by status class, with empty buckets filled with zeros from the
 * range start to its end (or from the first to the last request when there is no range).
 */
export function requestsOverTime(filter: ExploreFilter, options: RequestsOverTimeOptions = {}): string {
  const range = checkRange(filter.range);
  const bounds = range
    ? `SELECT CAST(${range.from} AS DOUBLE) AS lo, CAST(${range.to} AS DOUBLE) AS hi, true AS open_end`
    : 'SELECT CAST(min(t) AS DOUBLE) AS lo, CAST(max(t) AS DOUBLE) AS hi, false AS open_end FROM base';
  const width =
    options.bucketMs === undefined ? bucketWidthSql('(hi - lo)') : String(intOption(options.bucketMs, 'bucketMs', 1));
  const cls = (c: StatusClass) => `count(*) FILTER (WHERE cls = '${c}') AS status_${c}`;
  return `WITH base AS (SELECT epoch_ms(ts) AS t, ${STATUS_CLASS_SQL} AS cls, ${LATENCY} AS lat FROM requests ${whereSql(filter)}),
bounds AS (${bounds}),
width AS (
  SELECT ${width} AS w, lo, hi, open_end FROM bounds),
span AS (
  SELECT w, CAST(floor(lo / w) AS BIGINT) AS first_i,
    CAST(CASE WHEN open_end THEN ceil(hi / w) - 1 ELSE floor(hi / w) END AS BIGINT) AS last_i
  FROM width),
fill AS (SELECT unnest(range(first_i, least(last_i + 1, first_i + ${MAX_FILLED_BUCKETS}))) AS i FROM span),
agg AS (
  SELECT CAST(floor(t / w) AS BIGINT) AS i, count(*) AS requests, ${STATUS_CLASSES.map(cls).join(', ')},
    avg(lat) AS avg_ms, quantile_cont(lat, 0.9) AS p90_ms
  FROM base, width GROUP BY 1),
idx AS (SELECT i FROM fill UNION SELECT i FROM agg)
SELECT idx.i * span.w AS ts, span.w AS bucket_ms, coalesce(requests, 0) AS requests,
  ${STATUS_CLASSES.map((c) => `coalesce(status_${c}, 0) AS status_${c}`).join(', ')}, avg_ms, p90_ms
FROM idx CROSS JOIN span LEFT JOIN agg ON agg.i = idx.i
ORDER BY ts`;
}

/** @public the rows its query yields (named for callers, though none imports it yet) */
export interface StatusMixRow {
  status_class: StatusClass;
  requests: number;
  /** null when there are no requests */
  share: number | null;
}

/** One row per status class, always all five, in STATUS_CLASSES order. */
export function statusMix(filter: ExploreFilter): string {
  const classes = STATUS_CLASSES.map((c, i) => `('${c}', ${i})`).join(', ');
  return `WITH counts AS (SELECT ${STATUS_CLASS_SQL} AS status_class, count(*) AS n FROM requests ${whereSql(filter)} GROUP BY 1),
total AS (SELECT sum(n) AS n FROM counts)
SELECT k.status_class, coalesce(counts.n, 0) AS requests, ${ratioSql('coalesce(counts.n, 0)', 'total.n')} AS share
FROM (VALUES ${classes}) AS k(status_class, ord) LEFT JOIN counts ON counts.status_class = k.status_class CROSS JOIN total
ORDER BY k.ord`;
}

export interface EndpointRow {
  /** null for requests whose route could not be read */
  route: string | null;
  requests: number;
  share: number;
  /** null when no request of the route has a latency */
  avg_ms: number | null;
  p90_ms: number | null;
  errors: number;
  error_rate: number;
  client_errors: number;
  client_error_rate: number;
  /** null when no request of the route has a size */
  bytes: number | null;
}

const ENDPOINT_COLUMNS = `count(*) AS requests, avg(lat) AS avg_ms, quantile_cont(lat, 0.9) AS p90_ms,
    count(*) FILTER (WHERE ${IS_ERROR}) AS errors, count(*) FILTER (WHERE ${IS_CLIENT_ERROR}) AS client_errors,
    CAST(sum(bytes) AS DOUBLE) AS bytes`;
const ENDPOINT_SELECT = `route, requests, ${ratioSql('requests', 'total.n')} AS share, avg_ms, p90_ms,
  errors, ${ratioSql('errors', 'requests')} AS error_rate, client_errors, ${ratioSql('client_errors', 'requests')} AS client_error_rate, bytes`;

/** Busiest routes: ordered by request count (desc), then route. */
export function endpoints(filter: ExploreFilter, options: { limit?: number } = {}): string {
  const limit = intOption(options.limit ?? 20, 'limit', 1);
  return `WITH base AS (SELECT route, status, bytes, ${LATENCY} AS lat FROM requests ${whereSql(filter)}),
total AS (SELECT count(*) AS n FROM base),
g AS (SELECT route, ${ENDPOINT_COLUMNS} FROM base GROUP BY route)
SELECT ${ENDPOINT_SELECT}
FROM g CROSS JOIN total ORDER BY requests DESC, route ASC NULLS LAST LIMIT ${limit}`;
}

/** @public the rows its query yields (named for callers, though none imports it yet) */
export interface SlowEndpointRow extends EndpointRow {
  /** requests of the route that have a latency (the quantile's sample size) */
  timed: number;
  p50_ms: number;
  p90_ms: number;
  max_ms: number;
}

/**
 * Slowest routes by p90 latency (desc), among routes with at least `minCount` timed requests
 * (a p90 over fewer samples is noise); ties by route.
 */
export function slowestEndpoints(filter: ExploreFilter, options: { limit?: number; minCount?: number } = {}): string {
  const limit = intOption(options.limit ?? 20, 'limit', 1);
  const minCount = intOption(options.minCount ?? 5, 'minCount', 1);
  return `WITH base AS (SELECT route, status, bytes, ${LATENCY} AS lat FROM requests ${whereSql(filter)}),
total AS (SELECT count(*) AS n FROM base),
g AS (SELECT route, ${ENDPOINT_COLUMNS}, count(lat) AS timed, quantile_cont(lat, 0.5) AS p50_ms, max(lat) AS max_ms
  FROM base GROUP BY route HAVING count(lat) >= ${minCount})
SELECT ${ENDPOINT_SELECT}, timed, p50_ms, max_ms
FROM g CROSS JOIN total ORDER BY p90_ms DESC, route ASC NULLS LAST LIMIT ${limit}`;
}

/** @public the rows its query yields (named for callers, though none imports it yet) */
export interface ErrorHeatmapRow {
  route: string | null;
  /** 1 = the route with most errors */
  route_rank: number;
  /** hour of day, UTC, 0–23 */
  hour: number;
  requests: number;
  /** status >= 500 */
  errors: number;
  /** status >= 400 */
  errors_ge400: number;
  /** the route's totals over all hours, for the axis labels */
  route_errors: number;
  route_errors_ge400: number;
}

/**
 * Hour-of-day × route grid of errors for the `limit` routes with most errors (status >= 500, then
 * >= 400, then route name). Only routes with at least one status >= 400 qualify; every qualifying
 * route gets all 24 hours (zeros included), ordered by route_rank then hour.
 */
export function errorHeatmap(filter: ExploreFilter, options: { limit?: number } = {}): string {
  const limit = intOption(options.limit ?? 10, 'limit', 1);
  return `WITH base AS (SELECT route, CAST(hour(ts) AS INTEGER) AS hour, status FROM requests ${whereSql(filter)}),
per_route AS (
  SELECT route, count(*) FILTER (WHERE ${IS_ERROR}) AS route_errors, count(*) FILTER (WHERE status >= 400) AS route_errors_ge400
  FROM base GROUP BY route HAVING count(*) FILTER (WHERE status >= 400) > 0),
top AS (
  SELECT *, row_number() OVER (ORDER BY route_errors DESC, route_errors_ge400 DESC, route ASC NULLS LAST) AS route_rank
  FROM per_route QUALIFY route_rank <= ${limit}),
cells AS (
  SELECT route, hour, count(*) AS requests, count(*) FILTER (WHERE ${IS_ERROR}) AS errors, count(*) FILTER (WHERE status >= 400) AS errors_ge400
  FROM base GROUP BY route, hour)
SELECT top.route, top.route_rank, hours.hour, coalesce(cells.requests, 0) AS requests,
  coalesce(cells.errors, 0) AS errors, coalesce(cells.errors_ge400, 0) AS errors_ge400, top.route_errors, top.route_errors_ge400
FROM top CROSS JOIN (SELECT CAST(range AS INTEGER) AS hour FROM range(24)) AS hours
LEFT JOIN cells ON cells.route IS NOT DISTINCT FROM top.route AND cells.hour = hours.hour
ORDER BY top.route_rank, hours.hour`;
}

/** @public the rows its query yields (named for callers, though none imports it yet) */
export interface TopIpRow {
  ip: string;
  requests: number;
  /** of all requests in the filter */
  share: number;
  errors: number;
  client_errors: number;
  /** distinct routes requested */
  routes: number;
  first_ts: number;
  last_ts: number;
}

/** Busiest client addresses: by request count (desc), then address. */
export function topIps(filter: ExploreFilter, options: { limit?: number } = {}): string {
  const limit = intOption(options.limit ?? 20, 'limit', 1);
  return `WITH base AS (SELECT ts, ip, route, status FROM requests ${whereSql(filter)}),
total AS (SELECT count(*) AS n FROM base),
g AS (
  SELECT ip, count(*) AS requests, count(*) FILTER (WHERE ${IS_ERROR}) AS errors,
    count(*) FILTER (WHERE ${IS_CLIENT_ERROR}) AS client_errors, count(DISTINCT route) AS routes,
    epoch_ms(min(ts)) AS first_ts, epoch_ms(max(ts)) AS last_ts
  FROM base WHERE ip IS NOT NULL GROUP BY ip)
SELECT ip, requests, ${ratioSql('requests', 'total.n')} AS share, errors, client_errors, routes, first_ts, last_ts
FROM g CROSS JOIN total ORDER BY requests DESC, ip ASC LIMIT ${limit}`;
}
