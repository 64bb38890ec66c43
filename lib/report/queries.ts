/**
 * What the Report cell reads from the engine: SQL over the loaded tables, with the rows each query
 * yields. Every time is UTC; every hour is an hour of the day (0–23) over the whole loaded span.
 */
import { LATENCY, intOption, sqlString, tsLiteral } from '../explore/filter';

/** @public the rows its query yields (named for callers, though none imports it yet) */
export interface ErrorRouteRow {
  route: string | null;
  requests: number;
  client_errors: number;
  errors: number;
  /** share of all 4xx of the data that this route answered, 0–1 */
  client_error_share: number | null;
  /** share of all 5xx of the data that this route answered, 0–1 */
  error_share: number | null;
}

/** Routes by 5xx + 4xx answered (desc), with their share of all such answers. */
export function errorRoutesSql(limit = 5): string {
  const n = intOption(limit, 'limit', 1);
  return `WITH g AS (SELECT route, count(*) AS requests,
    count(*) FILTER (WHERE status >= 400 AND status < 500) AS client_errors, count(*) FILTER (WHERE status >= 500) AS errors
  FROM requests GROUP BY route),
t AS (SELECT sum(client_errors) AS c, sum(errors) AS e FROM g)
SELECT route, requests, client_errors, errors,
  CAST(client_errors AS DOUBLE) / nullif(t.c, 0) AS client_error_share, CAST(errors AS DOUBLE) / nullif(t.e, 0) AS error_share
FROM g CROSS JOIN t WHERE client_errors + errors > 0
ORDER BY errors + client_errors DESC, route ASC NULLS LAST LIMIT ${n}`;
}

/** @public the rows its query yields (named for callers, though none imports it yet) */
export interface HourRow {
  /** hour of the day, UTC, 0–23 */
  hour: number;
  requests: number;
  /** distinct days that have requests in this hour (to turn totals into a per-day mean) */
  days: number;
  /** null when no request of the hour has a latency */
  avg_ms: number | null;
  p90_ms: number | null;
  timed: number;
}

/** Requests and latency per hour of the day (UTC), only hours with requests. */
export function hourProfileSql(): string {
  return `SELECT CAST(hour(ts) AS INTEGER) AS hour, count(*) AS requests, count(DISTINCT CAST(ts AS DATE)) AS days,
  avg(${LATENCY}) AS avg_ms, quantile_cont(${LATENCY}, 0.9) AS p90_ms, count(${LATENCY}) AS timed
FROM requests WHERE ts IS NOT NULL GROUP BY 1 ORDER BY 1`;
}

/** Most telling raw lines of a time span: failing first, then slowest; at most `limit`. */
export function sampleLinesSql(from: number, to: number, limit = 20): string {
  const n = intOption(limit, 'limit', 1, 1000);
  return `SELECT epoch_ms(ts) AS ts, ip, method, path, status, bytes, latency_ms, user_agent FROM requests
WHERE ts >= ${tsLiteral(from)} AND ts < ${tsLiteral(to)}
ORDER BY (status >= 500) DESC NULLS LAST, (status >= 400) DESC NULLS LAST, latency_ms DESC NULLS LAST, ts LIMIT ${n}`;
}

/** Auth log lines of a time span (for alarms on SSH activity, where requests may be empty). */
export function sampleAuthSql(from: number, to: number, limit = 20): string {
  const n = intOption(limit, 'limit', 1, 1000);
  return `SELECT epoch_ms(ts) AS ts, host, process, kind, "user" AS user_name, ip, message FROM auth_events
WHERE ts >= ${tsLiteral(from)} AND ts < ${tsLiteral(to)} ORDER BY (kind <> ${sqlString('accepted')}) DESC, ts LIMIT ${n}`;
}

/** @public the rows its query yields (named for callers, though none imports it yet) */
export interface DatasetRow {
  requests: number;
  auth_events: number;
  metrics: number;
  first_ts: number | null;
  last_ts: number | null;
}

/** Row counts and time span of what is loaded. */
export function datasetSql(): string {
  return `WITH t AS (SELECT min(ts) AS lo, max(ts) AS hi FROM requests UNION ALL SELECT min(ts), max(ts) FROM auth_events UNION ALL SELECT min(ts), max(ts) FROM metrics)
SELECT (SELECT count(*) FROM requests) AS requests, (SELECT count(*) FROM auth_events) AS auth_events, (SELECT count(*) FROM metrics) AS metrics,
  epoch_ms(min(lo)) AS first_ts, epoch_ms(max(hi)) AS last_ts FROM t`;
}
