/**
 * The per-UTC-day table, one shape for requests and auth events so the UI renders both with one
 * component. Days without any row are not listed.
 */
import type { ExploreFilter } from './filter';
import { whereSql } from './filter';
import type { BruteForceOptions } from './auth';
import { AUTH_FAILURE, bruteForceParams, failureWindowSql } from './auth';

/** @public the rows its query yields (named for callers, though none imports it yet) */
export interface DailyRow {
  /** 'YYYY-MM-DD' (UTC) */
  day: string;
  /** the day's midnight, epoch ms */
  day_ts: number;
  /** all rows that day */
  events: number;
  /** requests: status >= 500; auth: failed_password + invalid_user */
  errors: number;
  unique_ips: number;
  /** hour of day (UTC, 0–23) with most rows, earliest on a tie */
  peak_hour: number;
  peak_count: number;
  /** the day's three busiest addresses as 'ip (n), ip (n), ip (n)' (by rows, then address); null when no row has an address */
  top_ips: string | null;
  /** auth: addresses that reached the brute-force threshold that day; requests: null */
  brute_force_ips: number | null;
}

interface DailySpec {
  table: 'requests' | 'auth_events';
  /** condition that marks an error row */
  error: string;
  bruteForce: { threshold: number; windowMicros: number } | null;
}

function dailySql(filter: ExploreFilter, spec: DailySpec): string {
  const bf = spec.bruteForce;
  const bruteForceCtes = bf
    ? `,
failures AS (SELECT ip, ts FROM base WHERE is_error AND ip IS NOT NULL),
windows AS (${failureWindowSql(bf.windowMicros)}),
brute AS (SELECT date_trunc('day', ts) AS day, count(DISTINCT ip) AS n FROM windows WHERE n >= ${bf.threshold} GROUP BY 1)`
    : '';
  return `WITH base AS (SELECT ts, date_trunc('day', ts) AS day, ip, (${spec.error}) AS is_error FROM ${spec.table} ${whereSql(filter)}),
days AS (
  SELECT day, count(*) AS events, count(*) FILTER (WHERE is_error) AS errors, count(DISTINCT ip) AS unique_ips
  FROM base GROUP BY day),
peak AS (
  SELECT day, CAST(hour(ts) AS INTEGER) AS hour, count(*) AS n FROM base GROUP BY day, hour
  QUALIFY row_number() OVER (PARTITION BY day ORDER BY count(*) DESC, hour ASC) = 1),
ips AS (
  SELECT day, ip, count(*) AS n FROM base WHERE ip IS NOT NULL GROUP BY day, ip
  QUALIFY row_number() OVER (PARTITION BY day ORDER BY count(*) DESC, ip ASC) <= 3),
top AS (SELECT day, string_agg(ip || ' (' || n || ')', ', ' ORDER BY n DESC, ip ASC) AS top_ips FROM ips GROUP BY day)${bruteForceCtes}
SELECT strftime(days.day, '%Y-%m-%d') AS day, epoch_ms(days.day) AS day_ts, days.events, days.errors, days.unique_ips,
  peak.hour AS peak_hour, peak.n AS peak_count, top.top_ips,
  ${bf ? 'CAST(coalesce(brute.n, 0) AS DOUBLE)' : 'CAST(NULL AS DOUBLE)'} AS brute_force_ips
FROM days JOIN peak ON peak.day = days.day LEFT JOIN top ON top.day = days.day
${bf ? 'LEFT JOIN brute ON brute.day = days.day' : ''}
ORDER BY days.day`;
}

/** Per-day requests; errors = status >= 500; brute_force_ips is null. */
export function requestsDaily(filter: ExploreFilter): string {
  return dailySql(filter, { table: 'requests', error: 'status >= 500', bruteForce: null });
}

/**
 * Per-day auth events; errors = failed_password + invalid_user. An address counts in
 * brute_force_ips on every day on which one of its failures closes a window holding >= threshold
 * failures (windows as in `bruteForceIps`, so one that spans midnight counts on the later day).
 */
export function authDaily(filter: ExploreFilter, options: BruteForceOptions = {}): string {
  return dailySql(filter, { table: 'auth_events', error: AUTH_FAILURE, bruteForce: bruteForceParams(options) });
}
