/**
 * SQL for the auth panels: failed logins per address and brute-force detection over a sliding
 * window. A "failure" is a failed_password or invalid_user event that names an address.
 */
import type { ExploreFilter } from './filter';
import { checkRange, intOption, positiveOption, whereSql } from './filter';
import { bucketWidthSql } from './buckets';

export const AUTH_FAILURE = "kind IN ('failed_password', 'invalid_user')";

export interface BruteForceOptions {
  /** failures from one address that make it a brute-force source; default 5 */
  threshold?: number;
  /** sliding window length in minutes, both ends inclusive; default 10 */
  windowMinutes?: number;
}

/** fail2ban's defaults (maxretry 5 within findtime 10 min). */
const BRUTE_FORCE_DEFAULTS = { threshold: 5, windowMinutes: 10 } as const;

export function bruteForceParams(options: BruteForceOptions): { threshold: number; windowMicros: number } {
  const threshold = intOption(options.threshold ?? BRUTE_FORCE_DEFAULTS.threshold, 'threshold', 1);
  const minutes = positiveOption(options.windowMinutes ?? BRUTE_FORCE_DEFAULTS.windowMinutes, 'windowMinutes');
  // The frame offset is a whole number of microseconds, the timestamp resolution.
  const windowMicros = Math.round(minutes * 60_000_000);
  if (windowMicros < 1 || !Number.isSafeInteger(windowMicros)) throw new Error(`invalid windowMinutes: ${minutes}`);
  return { threshold, windowMicros };
}

/**
 * Over a `failures` CTE (ip, ts): per failure, how many failures from the same address fall in the
 * window [ts - W, ts] (`n`) and the first of them (`window_start`). RANGE framing counts every
 * failure at the same instant, so simultaneous lines are never split.
 */
export function failureWindowSql(windowMicros: number): string {
  const frame = `PARTITION BY ip ORDER BY ts RANGE BETWEEN INTERVAL (${windowMicros}) MICROSECOND PRECEDING AND CURRENT ROW`;
  return `SELECT ip, ts, count(*) OVER (${frame}) AS n, min(ts) OVER (${frame}) AS window_start FROM failures`;
}

/** @public the rows its query yields (named for callers, though none imports it yet) */
export interface FailedLoginRow {
  ip: string;
  /** failed_password + invalid_user */
  failures: number;
  failed_password: number;
  invalid_user: number;
  /** accepted logins from the same address in the filter (a success after many failures is the alarm) */
  accepted: number;
  /** distinct user names tried in the failures */
  users: number;
  /** first / last failure, epoch ms */
  first_ts: number;
  last_ts: number;
}

/** Addresses with at least one failure, by failures (desc), then address. */
export function failedLoginsByIp(filter: ExploreFilter, options: { limit?: number } = {}): string {
  const limit = intOption(options.limit ?? 20, 'limit', 1);
  const failed = `FILTER (WHERE ${AUTH_FAILURE})`;
  return `SELECT ip, count(*) ${failed} AS failures,
  count(*) FILTER (WHERE kind = 'failed_password') AS failed_password, count(*) FILTER (WHERE kind = 'invalid_user') AS invalid_user,
  count(*) FILTER (WHERE kind = 'accepted') AS accepted, count(DISTINCT "user") ${failed} AS users,
  epoch_ms(min(ts) ${failed}) AS first_ts, epoch_ms(max(ts) ${failed}) AS last_ts
FROM auth_events ${whereSql(filter, 'ip IS NOT NULL')}
GROUP BY ip HAVING count(*) ${failed} > 0
ORDER BY failures DESC, ip ASC LIMIT ${limit}`;
}

/** @public the rows its query yields (named for callers, though none imports it yet) */
export interface BruteForceRow {
  ip: string;
  /** most failures in any window of W minutes */
  max_failures: number;
  /** first and last failure of the earliest window holding max_failures, epoch ms */
  window_start_ts: number;
  window_end_ts: number;
  /** when the address first reached the threshold, epoch ms */
  detected_ts: number;
  /** all failures of the address in the filter */
  failures: number;
  users: number;
  first_ts: number;
  last_ts: number;
}

/** Addresses with >= threshold failures within some W-minute window; by max_failures, failures (desc), then address. */
export function bruteForceIps(filter: ExploreFilter, options: BruteForceOptions & { limit?: number } = {}): string {
  const limit = intOption(options.limit ?? 50, 'limit', 1);
  const { threshold, windowMicros } = bruteForceParams(options);
  return `WITH failures AS (SELECT ip, ts, "user" FROM auth_events ${whereSql(filter, AUTH_FAILURE, 'ip IS NOT NULL')}),
windows AS (${failureWindowSql(windowMicros)}),
peaks AS (
  SELECT ip, n AS max_failures, epoch_ms(window_start) AS window_start_ts, epoch_ms(ts) AS window_end_ts FROM windows
  QUALIFY row_number() OVER (PARTITION BY ip ORDER BY n DESC, ts ASC) = 1),
detected AS (SELECT ip, epoch_ms(min(ts)) AS detected_ts FROM windows WHERE n >= ${threshold} GROUP BY ip),
totals AS (
  SELECT ip, count(*) AS failures, count(DISTINCT "user") AS users, epoch_ms(min(ts)) AS first_ts, epoch_ms(max(ts)) AS last_ts
  FROM failures GROUP BY ip)
SELECT ip, max_failures, window_start_ts, window_end_ts, detected_ts, failures, users, first_ts, last_ts
FROM peaks JOIN detected USING (ip) JOIN totals USING (ip)
ORDER BY max_failures DESC, failures DESC, ip ASC LIMIT ${limit}`;
}

/** @public the rows its query yields (named for callers, though none imports it yet) */
export interface AuthOverTimeRow {
  /** bucket start, epoch ms (multiples of bucket_ms since the epoch) */
  ts: number;
  bucket_ms: number;
  kind: string;
  events: number;
}

/**
 * Auth events per time bucket and kind, for the auth timeline and its brush. The width is chosen
 * like the request chart's (from the range, or the data span); buckets without events are absent.
 */
export function authOverTime(filter: ExploreFilter): string {
  const range = checkRange(filter.range);
  const span = range ? `CAST(${range.to - range.from} AS DOUBLE)` : '(SELECT CAST(max(t) - min(t) AS DOUBLE) FROM base)';
  return `WITH base AS (SELECT epoch_ms(ts) AS t, kind FROM auth_events ${whereSql(filter)}),
width AS (SELECT ${bucketWidthSql(span)} AS w)
SELECT CAST(floor(t / w) AS BIGINT) * w AS ts, w AS bucket_ms, kind, count(*) AS events
FROM base, width GROUP BY 1, 2, 3 ORDER BY ts, kind`;
}
