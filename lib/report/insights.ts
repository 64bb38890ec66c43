/**
 * The Report cell's findings: pure functions that turn query rows (./queries.ts) into short
 * sentences with exact numbers and units, and the choice of the detector the report follows.
 * Alarm findings are in ./alarms.ts. Every time is UTC; every hour is an hour of the day (0–23).
 */
import type { Row } from '../db/db';
import type { DetectorResult } from '../eval/evaluate';
import { finiteOrNull as n, fmtHour, fmtInt, fmtMs, fmtPct, fmtTime, route } from './format';

export { slowestEndpoints } from '../explore/requests';

/** One finding: a sentence, plus what to look at when there is something to do about it. */
export interface Insight {
  text: string;
  /** the next thing to check; absent when the finding is informational */
  next?: string;
}

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
