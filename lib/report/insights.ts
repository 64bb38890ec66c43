/**
 * The Report cell's findings: SQL for what it reads from the engine, and pure functions that turn
 * rows, alarms and per-feature contributions into short sentences with exact numbers and units.
 * Every time is UTC; every hour is an hour of the day (0–23) over the whole loaded span.
 */
import { assertNever } from '../util/assert-never';
import type { Row } from '../db/db';
import type { AlarmEvent } from '../metrics/events';
import type { AlarmMatch, MatchPhase } from '../metrics/match';
import type { DetectorResult } from '../eval/evaluate';
import { LATENCY, intOption, sqlString, tsLiteral } from '../explore/filter';

export { slowestEndpoints } from '../explore/requests';

/** One finding: a sentence, plus what to look at when there is something to do about it. */
export interface Insight {
  text: string;
  /** the next thing to check; absent when the finding is informational */
  next?: string;
}

// ---------------------------------------------------------------------------------------------
// SQL

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

// ---------------------------------------------------------------------------------------------
// formatting

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
}

function fmtPct(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `2026-03-02 14:05 UTC` */
export function fmtTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function fmtHour(h: number): string {
  return `${String(h).padStart(2, '0')}:00–${String((h + 1) % 24).padStart(2, '0')}:00 UTC`;
}

function route(r: string | null): string {
  return r === null ? '(unreadable route)' : r;
}

const n = (v: Row[string] | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

// ---------------------------------------------------------------------------------------------
// request findings

/**
 * Slowest routes (rows of `slowestEndpoints`, p90 order): avg and p90 with a hint. A p90 far
 * above the median means a slow minority (a dependency, a lock, a big payload); a high median
 * means every call is slow (the handler or its query); errors beside slowness mean timeouts.
 */
export function slowEndpointInsights(rows: readonly Row[], limit = 3): Insight[] {
  const out: Insight[] = [];
  for (const r of rows.slice(0, limit)) {
    const avg = n(r.avg_ms);
    const p90 = n(r.p90_ms);
    const p50 = n(r.p50_ms);
    if (p90 === null || avg === null) continue;
    const timed = n(r.timed) ?? n(r.requests) ?? 0;
    const errorRate = n(r.error_rate) ?? 0;
    let next: string;
    if (errorRate >= 0.05) next = `${fmtPct(errorRate)} of its requests fail with 5xx as well: look for timeouts and the dependency it waits on.`;
    else if (p50 !== null && p50 > 0 && p90 / p50 >= 3) next = `p90 is ${(p90 / p50).toFixed(1)}× the median (${fmtMs(p50)}): a slow minority — look at large payloads, cache misses or a slow dependency.`;
    else next = `even the median is ${p50 === null ? '–' : fmtMs(p50)}: every call is slow — look at the handler and its queries.`;
    out.push({ text: `${route(r.route as string | null)}: avg ${fmtMs(avg)}, p90 ${fmtMs(p90)} over ${fmtInt(timed)} timed requests.`, next });
  }
  return out;
}

/** Routes that concentrate 4xx/5xx (rows of `errorRoutesSql`); a route holding ≥ 20 % of either is called out. */
export function errorRouteInsights(rows: readonly Row[], limit = 3): Insight[] {
  const out: Insight[] = [];
  for (const r of rows.slice(0, limit)) {
    const errors = n(r.errors) ?? 0;
    const client = n(r.client_errors) ?? 0;
    const requests = n(r.requests) ?? 0;
    const eShare = n(r.error_share);
    const cShare = n(r.client_error_share);
    const parts: string[] = [];
    if (errors > 0) parts.push(`${fmtInt(errors)} 5xx (${fmtPct(eShare ?? 0)} of all 5xx)`);
    if (client > 0) parts.push(`${fmtInt(client)} 4xx (${fmtPct(cShare ?? 0)} of all 4xx)`);
    if (parts.length === 0) continue;
    let next: string | undefined;
    if ((eShare ?? 0) >= 0.2) next = 'server errors cluster here: read this route’s failing requests around the error peaks.';
    else if ((cShare ?? 0) >= 0.2) next = 'client errors cluster here: check for scanners, broken links or a changed API contract.';
    out.push({ text: `${route(r.route as string | null)}: ${parts.join(', ')} out of ${fmtInt(requests)} requests.`, next });
  }
  return out;
}

/** The busiest and the slowest hour of the day (rows of `hourProfileSql`); the slowest needs ≥ `minTimed` timed requests. */
export function hourInsights(rows: readonly Row[], minTimed = 30): Insight[] {
  const hours = rows.map((r) => ({ hour: n(r.hour), requests: n(r.requests) ?? 0, days: n(r.days) ?? 0, avg: n(r.avg_ms), p90: n(r.p90_ms), timed: n(r.timed) ?? 0 }));
  const valid = hours.filter((h): h is typeof h & { hour: number } => h.hour !== null);
  if (valid.length === 0) return [];
  const out: Insight[] = [];
  const total = valid.reduce((s, h) => s + h.requests, 0);
  const peak = valid.reduce((a, b) => (b.requests > a.requests ? b : a));
  const quiet = valid.reduce((a, b) => (b.requests < a.requests ? b : a));
  out.push({
    text: `Traffic peaks at ${fmtHour(peak.hour)}: ${fmtInt(peak.requests)} requests (${fmtPct(peak.requests / total)} of all), ${fmtInt(peak.requests / Math.max(1, peak.days))} per day on ${peak.days} day${peak.days === 1 ? '' : 's'}; the quietest hour is ${fmtHour(quiet.hour)} with ${fmtInt(quiet.requests)}.`,
  });
  const timed = valid.filter((h) => h.p90 !== null && h.timed >= minTimed);
  if (timed.length > 0) {
    const slow = timed.reduce((a, b) => ((b.p90 as number) > (a.p90 as number) ? b : a));
    const fast = timed.reduce((a, b) => ((b.p90 as number) < (a.p90 as number) ? b : a));
    const ratio = (slow.p90 as number) / Math.max(1e-9, fast.p90 as number);
    out.push({
      text: `The slowest hour is ${fmtHour(slow.hour)}: p90 ${fmtMs(slow.p90 as number)}, avg ${fmtMs(slow.avg ?? NaN)} over ${fmtInt(slow.timed)} timed requests (fastest: ${fmtHour(fast.hour)}, p90 ${fmtMs(fast.p90 as number)}).`,
      next:
        slow.hour === peak.hour
          ? 'it is also the busiest hour: latency follows load — check capacity at the peak.'
          : ratio >= 1.5
            ? 'it is not the busiest hour: look for scheduled jobs (backups, batch, crawlers) at that time.'
            : undefined,
    });
  } else out.push({ text: `No hour has ${minTimed} or more timed requests: the slowest hour is not reported.` });
  return out;
}

// ---------------------------------------------------------------------------------------------
// alarms

/** How much each feature drove one alarm; larger = more responsible. */
export interface FeatureDriver {
  feature: string;
  value: number;
}

export type DriverMethod = 'autoencoder' | 'robust-z';

export interface AlarmFinding {
  start: number;
  end: number;
  windows: number;
  /** highest score of the alarm's windows */
  peak: number;
  /** the labeled incident the alarm detected, by the metrics' rule (`matchIncidents`) */
  incident: AlarmMatch | null;
  /** the matched kind, else a guess from the top features, else null */
  kind: string | null;
  kindGuessed: boolean;
  drivers: FeatureDriver[];
}

/** Failure-kind guesses from a feature id: first rule that matches the top feature wins. */
const KIND_RULES: { test: RegExp; kind: string }[] = [
  { test: /auth/, kind: 'ssh-brute-force' },
  { test: /rate_5xx|route_5xx/, kind: 'error-burst' },
  { test: /route_p90/, kind: 'slow-endpoint' },
  { test: /p50_ms|p90_ms|p99_ms/, kind: 'latency-ramp' },
  { test: /top_ip_share|new_ip_ratio|unique_ips|^(d:)?requests$/, kind: 'traffic-spike' },
  { test: /mem/, kind: 'memory-leak' },
  { test: /cpu/, kind: 'cpu-spike' },
  { test: /disk/, kind: 'disk-filling' },
  { test: /rate_4xx/, kind: 'client errors (scanner or broken clients)' },
];

/** A likely failure kind from the features that drove an alarm, or null when none says anything. */
export function guessKind(drivers: readonly FeatureDriver[]): string | null {
  for (const d of drivers) {
    const rule = KIND_RULES.find((r) => r.test.test(d.feature));
    if (rule) return rule.kind;
  }
  return null;
}

/** Where a matched alarm sits, in words. */
export function phaseText(phase: MatchPhase): string {
  switch (phase) {
    case 'failure':
      return 'failure phase';
    case 'precursor':
      return 'precursor phase';
    case 'early-margin':
      return 'early margin before the failure';
    default:
      return assertNever(phase);
  }
}

/** Top `k` features by contribution (descending; ties by name), dropping non-finite values. */
export function topDrivers(features: readonly string[], values: ArrayLike<number>, k = 3): FeatureDriver[] {
  if (features.length !== values.length) throw new Error(`${values.length} contributions for ${features.length} features`);
  return features
    .map((feature, j) => ({ feature, value: values[j] }))
    .filter((d) => Number.isFinite(d.value))
    .sort((a, b) => b.value - a.value || a.feature.localeCompare(b.feature))
    .slice(0, k);
}

/** Mean of each column over rows [lo, hi]. */
export function meanRows(rows: readonly ArrayLike<number>[], lo: number, hi: number): Float64Array {
  if (!(lo >= 0 && hi >= lo && hi < rows.length)) throw new Error(`invalid rows ${lo}–${hi} of ${rows.length}`);
  const out = new Float64Array(rows[lo].length);
  for (let i = lo; i <= hi; i++) for (let j = 0; j < out.length; j++) out[j] += rows[i][j];
  return out.map((v) => v / (hi - lo + 1));
}

export interface AlarmInput {
  /** alarm events (indices into the windows) of one detector, e.g. from `testEvents` */
  events: readonly AlarmEvent[];
  /** per event (same order): the incident it detected, e.g. `testEvents(…).matches` */
  matches: readonly (AlarmMatch | null)[];
  scores: ArrayLike<number>;
  features: readonly string[];
  /** per-window, per-feature contribution (AutoEncoder errors or |z|); null when unavailable */
  contributions: ((i: number) => ArrayLike<number>) | null;
  /** alarms to describe, highest peak first; default 10 */
  limit?: number;
}

/** The `limit` alarms with the highest peak score, in time order, each with its match, kind and drivers. */
export function alarmFindings(input: AlarmInput): AlarmFinding[] {
  const { events, matches, scores, features, contributions } = input;
  if (matches.length !== events.length) throw new Error(`${matches.length} matches for ${events.length} alarm events`);
  const peaks = events.map((ev, k) => {
    let p = -Infinity;
    for (let i = ev.firstIndex; i <= ev.lastIndex; i++) p = Math.max(p, scores[i]);
    return { ev, peak: p, incident: matches[k] };
  });
  const top = [...peaks].sort((a, b) => b.peak - a.peak || a.ev.start - b.ev.start).slice(0, input.limit ?? 10);
  top.sort((a, b) => a.ev.start - b.ev.start);
  return top.map(({ ev, peak, incident }) => {
    let drivers: FeatureDriver[] = [];
    if (contributions) {
      const rows: ArrayLike<number>[] = [];
      for (let i = ev.firstIndex; i <= ev.lastIndex; i++) rows.push(contributions(i));
      drivers = topDrivers(features, meanRows(rows, 0, rows.length - 1));
    }
    const guess = incident ? null : guessKind(drivers);
    return {
      start: ev.start,
      end: ev.end,
      windows: ev.lastIndex - ev.firstIndex + 1,
      peak,
      incident,
      kind: incident?.kind ?? guess,
      kindGuessed: incident === null && guess !== null,
      drivers,
    };
  });
}

function fmtScore(x: number): string {
  const a = Math.abs(x);
  return a !== 0 && (a < 0.01 || a >= 1e5) ? x.toExponential(2) : x.toFixed(3);
}

function fmtDriver(d: FeatureDriver, method: DriverMethod): string {
  return method === 'autoencoder' ? `${d.feature} (AE error ${fmtScore(d.value)})` : `${d.feature} (|z| ${d.value.toFixed(1)})`;
}

/** One sentence per alarm: when, how long, peak, matched or guessed kind, and the features behind it. */
export function alarmInsights(findings: readonly AlarmFinding[], detector: string, method: DriverMethod | null, windowSec: number): Insight[] {
  return findings.map((f) => {
    const minutes = (f.end - f.start) / 60_000;
    const kind = f.incident
      ? `matched ${f.incident.kind} (${f.incident.incidentId}, ${phaseText(f.incident.phase)})`
      : f.kind
        ? `unlabeled; looks like ${f.kind}`
        : 'unlabeled; no kind suggested';
    const why = f.drivers.length > 0 && method ? `; driven by ${f.drivers.map((d) => fmtDriver(d, method)).join(', ')}` : '';
    return {
      text: `${fmtTime(f.start)}, ${minutes.toFixed(minutes < 10 ? 1 : 0)} min (${f.windows} window${f.windows === 1 ? '' : 's'} of ${windowSec} s): ${detector} peak ${fmtScore(f.peak)} — ${kind}${why}.`,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// choosing what to report

/**
 * The detector the report follows: among those that ran and have scores, best test F1 (NaN ranks
 * last), then most incidents detected, then fewest false alarms a day; ties keep the run's order.
 */
export function bestResult(rows: readonly DetectorResult[], hasScores: (name: string) => boolean): DetectorResult | null {
  const key = (x: number, fallback: number) => (Number.isFinite(x) ? x : fallback);
  const ok = rows.filter((r) => r.error === null && hasScores(r.name));
  let best: DetectorResult | null = null;
  for (const r of ok) {
    if (
      best === null ||
      key(r.f1, -1) > key(best.f1, -1) ||
      (key(r.f1, -1) === key(best.f1, -1) &&
        (r.events_detected > best.events_detected ||
          (r.events_detected === best.events_detected && key(r.false_alarms_per_day, Infinity) < key(best.false_alarms_per_day, Infinity))))
    )
      best = r;
  }
  return best;
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

/** "simulated logs, 2026-01-05 00:00 UTC → 2026-01-12 00:00 UTC (7.0 days): 650,000 requests, 1,200 auth events" */
export function datasetLine(row: Row | undefined, source: string): string {
  if (!row) return source;
  const parts = [
    [n(row.requests), 'requests'],
    [n(row.auth_events), 'auth events'],
    [n(row.metrics), 'metric points'],
  ]
    .filter(([v]) => (v as number | null) !== null && (v as number) > 0)
    .map(([v, what]) => `${fmtInt(v as number)} ${what}`);
  const lo = n(row.first_ts);
  const hi = n(row.last_ts);
  const span = lo !== null && hi !== null ? `, ${fmtTime(lo)} → ${fmtTime(hi)} (${((hi - lo) / 86_400_000).toFixed(1)} days)` : '';
  return `${source}${span}: ${parts.length > 0 ? parts.join(', ') : 'no rows'}`;
}
