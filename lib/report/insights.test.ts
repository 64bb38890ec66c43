import { describe, expect, it } from 'vitest';
import type { Row } from '../db/db';
import type { DetectorResult } from '../eval/evaluate';
import type { LabelRow } from '../labels/types';
import { bestResult, datasetLine, errorRouteInsights, hourInsights, slowEndpointInsights } from './insights';
import { alarmFindings, alarmInsights, guessKind, meanRows, topDrivers } from './alarms';
import { incidents, matchIncidents } from '../metrics/match';

const T0 = Date.UTC(2026, 0, 5, 0, 0);
const MIN = 60_000;

describe('slowEndpointInsights', () => {
  it('writes avg and p90 with units and a hint that follows the shape of the latency', () => {
    const rows: Row[] = [
      { route: '/checkout', avg_ms: 1234, p50_ms: 300, p90_ms: 2500, timed: 1200, requests: 1250, error_rate: 0.01 },
      { route: '/search', avg_ms: 410, p50_ms: 400, p90_ms: 450, timed: 5000, requests: 5000, error_rate: 0 },
      { route: '/pay', avg_ms: 90, p50_ms: 80, p90_ms: 200, timed: 100, requests: 100, error_rate: 0.2 },
    ];
    const out = slowEndpointInsights(rows);
    expect(out.map((i) => i.text)).toEqual([
      '/checkout: avg 1.23 s, p90 2.50 s over 1,200 timed requests.',
      '/search: avg 410 ms, p90 450 ms over 5,000 timed requests.',
      '/pay: avg 90 ms, p90 200 ms over 100 timed requests.',
    ]);
    expect(out[0].next).toContain('8.3× the median (300 ms)');
    expect(out[1].next).toContain('every call is slow');
    expect(out[2].next).toContain('20.0 % of its requests fail with 5xx');
  });
  it('skips rows without latency and honours the limit', () => {
    expect(slowEndpointInsights([{ route: '/a', avg_ms: null, p90_ms: null }])).toEqual([]);
    expect(slowEndpointInsights([{ route: null, avg_ms: 5, p50_ms: 5, p90_ms: 6, timed: 9 }, { route: '/b', avg_ms: 1, p50_ms: 1, p90_ms: 1, timed: 9 }], 1)).toHaveLength(1);
    expect(slowEndpointInsights([{ route: null, avg_ms: 5, p50_ms: 5, p90_ms: 6, timed: 9 }])[0].text).toBe('(unreadable route): avg 5.00 ms, p90 6.00 ms over 9 timed requests.');
  });
});

describe('errorRouteInsights', () => {
  it('gives counts and shares, and calls out a route holding most 5xx', () => {
    const out = errorRouteInsights([
      { route: '/api/orders', requests: 10_000, errors: 450, client_errors: 12, error_share: 0.75, client_error_share: 0.01 },
      { route: '/wp-login.php', requests: 300, errors: 0, client_errors: 300, error_share: 0, client_error_share: 0.6 },
    ]);
    expect(out[0].text).toBe('/api/orders: 450 5xx (75.0 % of all 5xx), 12 4xx (1.0 % of all 4xx) out of 10,000 requests.');
    expect(out[0].next).toMatch(/server errors cluster/);
    expect(out[1].text).toBe('/wp-login.php: 300 4xx (60.0 % of all 4xx) out of 300 requests.');
    expect(out[1].next).toMatch(/scanners/);
  });
});

describe('hourInsights', () => {
  const rows: Row[] = [
    { hour: 3, requests: 700, days: 7, avg_ms: 900, p90_ms: 2000, timed: 700 },
    { hour: 13, requests: 7000, days: 7, avg_ms: 100, p90_ms: 200, timed: 7000 },
    { hour: 14, requests: 2300, days: 7, avg_ms: 120, p90_ms: 250, timed: 10 },
  ];
  it('names the peak hour with its share and per-day mean, and the slowest hour with enough samples', () => {
    const out = hourInsights(rows);
    expect(out[0].text).toBe('Traffic peaks at 13:00–14:00 UTC: 7,000 requests (70.0 % of all), 1,000 per day on 7 days; the quietest hour is 03:00–04:00 UTC with 700.');
    expect(out[1].text).toBe('The slowest hour is 03:00–04:00 UTC: p90 2.00 s, avg 900 ms over 700 timed requests (fastest: 13:00–14:00 UTC, p90 200 ms).');
    expect(out[1].next).toMatch(/scheduled jobs/);
  });
  it('says so when no hour has enough timed requests, and is empty without rows', () => {
    expect(hourInsights(rows, 100_000)[1].text).toBe('No hour has 100000 or more timed requests: the slowest hour is not reported.');
    expect(hourInsights([])).toEqual([]);
  });
  it('links slowness to load when the slowest hour is the busiest', () => {
    expect(hourInsights([{ hour: 23, requests: 10, days: 1, avg_ms: 50, p90_ms: 90, timed: 10 }], 1)[1].next).toMatch(/latency follows load/);
  });
});

describe('alarms', () => {
  const labels: LabelRow[] = [
    { incidentId: 'inc-1', kind: 'error-burst', phase: 'precursor', start: T0 + 10 * MIN, end: T0 + 20 * MIN, target: null },
    { incidentId: 'inc-1', kind: 'error-burst', phase: 'failure', start: T0 + 20 * MIN, end: T0 + 30 * MIN, target: null },
  ];

  it('guesses a kind from the first feature that says something', () => {
    expect(guessKind([{ feature: 'auth_failures', value: 9 }])).toBe('ssh-brute-force');
    expect(guessKind([{ feature: 'bytes', value: 9 }, { feature: 'd:p90_ms', value: 3 }])).toBe('latency-ramp');
    expect(guessKind([{ feature: 'metric_max:mem_used_pct', value: 2 }])).toBe('memory-leak');
    expect(guessKind([{ feature: 'bytes', value: 1 }])).toBeNull();
  });

  it('ranks drivers and averages rows', () => {
    expect(topDrivers(['a', 'b', 'c', 'd'], [1, 5, NaN, 5], 2)).toEqual([{ feature: 'b', value: 5 }, { feature: 'd', value: 5 }]);
    expect(() => topDrivers(['a'], [1, 2])).toThrow('2 contributions for 1 features');
    expect(Array.from(meanRows([[1, 10], [3, 30]], 0, 1))).toEqual([2, 20]);
    expect(() => meanRows([[1]], 0, 1)).toThrow('invalid rows 0–1 of 1');
  });

  it('keeps the highest peaks, in time order, with their match, kind and drivers', () => {
    const starts = Array.from({ length: 60 }, (_, i) => T0 + i * MIN);
    const scores = new Float64Array(60);
    scores[15] = 4; scores[16] = 6; // matches inc-1 (within 10 min of the failure, on its precursor)
    scores[45] = 9; // unlabeled
    scores[50] = 1; // lowest: dropped by limit 2
    const events = [
      { firstIndex: 15, lastIndex: 16, start: starts[15], end: starts[16] + MIN },
      { firstIndex: 45, lastIndex: 45, start: starts[45], end: starts[45] + MIN },
      { firstIndex: 50, lastIndex: 50, start: starts[50], end: starts[50] + MIN },
    ];
    const contrib = (i: number) => (i === 45 ? [0.1, 8, 0.2] : [3, 1, i === 15 ? 1 : 3]);
    const { alarms: matches } = matchIncidents(events, incidents(labels), { earlyMarginMs: 10 * MIN, matchPrecursor: false });
    const out = alarmFindings({ events, matches, scores, features: ['rate_5xx', 'auth_failures', 'p90_ms'], contributions: contrib, limit: 2 });
    expect(out.map((f) => [f.start, f.windows, f.peak, f.kind, f.kindGuessed])).toEqual([
      [starts[15], 2, 6, 'error-burst', false],
      [starts[45], 1, 9, 'ssh-brute-force', true],
    ]);
    expect(out[0].drivers).toEqual([{ feature: 'rate_5xx', value: 3 }, { feature: 'p90_ms', value: 2 }, { feature: 'auth_failures', value: 1 }]);
    const text = alarmInsights(out, 'AutoEncoder', 'autoencoder', 60).map((i) => i.text);
    expect(text[0]).toBe('2026-01-05 00:15 UTC, 2.0 min (2 windows of 60 s): AutoEncoder peak 6.000 — matched error-burst (inc-1, precursor phase); driven by rate_5xx (AE error 3.000), p90_ms (AE error 2.000), auth_failures (AE error 1.000).');
    expect(alarmInsights(out, 'Robust z-score', 'robust-z', 60)[1].text).toBe(
      '2026-01-05 00:45 UTC, 1.0 min (1 window of 60 s): Robust z-score peak 9.000 — unlabeled; looks like ssh-brute-force; driven by auth_failures (|z| 8.0), p90_ms (|z| 0.2), rate_5xx (|z| 0.1).',
    );
  });

  it('reports alarms without drivers when no contributions are available', () => {
    const out = alarmFindings({ events: [{ firstIndex: 0, lastIndex: 0, start: T0, end: T0 + MIN }], matches: [null], scores: [2], features: ['x'], contributions: null });
    expect(out[0]).toMatchObject({ drivers: [], kind: null, kindGuessed: false, incident: null });
    expect(alarmInsights(out, 'EWMA', null, 60)[0].text).toBe('2026-01-05 00:00 UTC, 1.0 min (1 window of 60 s): EWMA peak 2.000 — unlabeled; no kind suggested.');
  });
});

describe('bestResult', () => {
  const r = (name: string, f1: number, detected: number, fa: number, error: string | null = null) => ({ name, f1, events_detected: detected, false_alarms_per_day: fa, error }) as DetectorResult;
  it('prefers F1, then incidents detected, then fewer false alarms; skips failed detectors and those without scores', () => {
    expect(bestResult([r('a', 0.5, 3, 1), r('b', 0.6, 1, 9)], () => true)?.name).toBe('b');
    expect(bestResult([r('a', 0.5, 3, 1), r('b', 0.5, 4, 9)], () => true)?.name).toBe('b');
    expect(bestResult([r('a', NaN, 3, 2), r('b', NaN, 3, 1)], () => true)?.name).toBe('b');
    expect(bestResult([r('a', 0.9, 3, 1, 'no failure in training'), r('b', 0.1, 0, 1)], () => true)?.name).toBe('b');
    expect(bestResult([r('a', 0.9, 3, 1)], (n) => n !== 'a')).toBeNull();
  });
});

describe('datasetLine', () => {
  it('lists non-empty tables and the span', () => {
    expect(datasetLine({ requests: 650_000, auth_events: 1200, metrics: 0, first_ts: T0, last_ts: T0 + 7 * 86_400_000 }, 'simulated web-shop logs')).toBe(
      'simulated web-shop logs, 2026-01-05 00:00 UTC → 2026-01-12 00:00 UTC (7.0 days): 650,000 requests, 1,200 auth events',
    );
    expect(datasetLine({ requests: 0, auth_events: 0, metrics: 0, first_ts: null, last_ts: null }, 'x')).toBe('x: no rows');
  });
});
