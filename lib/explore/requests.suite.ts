/** Request panels against the hand-made dataset (test/fixtures/explore/dataset.ts, rows #1–#18). */
import { expect, it } from 'vitest';
import { D1, D2, IP, ITEM, NASTY_ROUTE, at } from '../../test/fixtures/explore/dataset';
import { bucketWidthSql, chooseBucketMs } from './buckets';
import type { ExploreFilter } from './filter';
import { NO_FILTER } from './filter';
import {
  endpoints,
  errorHeatmap,
  requestSummary,
  requestsOverTime,
  slowestEndpoints,
  statusMix,
  topIps,
} from './requests';
import { requestsDaily } from './daily';
import type { Query } from './explore.suite';

const MIN = 60_000;
const HOUR = 60 * MIN;
const range = (from: number, to: number): ExploreFilter => ({ range: { from, to } });
const col = (rows: Record<string, unknown>[], key: string) => rows.map((r) => r[key]);

export function requestPanels(query: Query): void {
  it('summarises all requests', async () => {
    const [s] = await query(requestSummary(NO_FILTER));
    // latencies of the 17 timed rows, sorted: 1 5 10 10 10 10 10 20 30 40 50 60 100 200 300 400 500
    expect(s).toMatchObject({
      requests: 18,
      unique_ips: 7,
      errors: 4,
      error_rate: 4 / 18,
      client_errors: 3,
      client_error_rate: 3 / 18,
      p50_ms: 30,
      first_ts: at(D1, 9, 0),
      last_ts: at(D2, 23, 59, 59),
      span_ms: at(D2, 23, 59, 59) - at(D1, 9, 0),
      bytes: 1260,
    });
    expect(s.p90_ms).toBeCloseTo(340, 9); // 300 + 0.4 * 100
    expect(s.p99_ms).toBeCloseTo(484, 9); // 400 + 0.84 * 100
  });

  it('applies the range as [from, to)', async () => {
    const [s] = await query(requestSummary(range(at(D1, 9, 0), at(D1, 10, 0, 10))));
    expect(s).toMatchObject({ requests: 8, unique_ips: 3, errors: 2, client_errors: 2 });
    expect(s).toMatchObject({ first_ts: at(D1, 9, 0), last_ts: at(D1, 10, 0, 5) });
  });

  it('gives nulls, not NaN or Infinity, for an empty range', async () => {
    const [s] = await query(requestSummary(range(at(D2, 0, 0) + 365 * 24 * HOUR, at(D2, 1, 0) + 365 * 24 * HOUR)));
    expect(s).toEqual({
      requests: 0,
      unique_ips: 0,
      errors: 0,
      error_rate: null,
      client_errors: 0,
      client_error_rate: null,
      p50_ms: null,
      p90_ms: null,
      p99_ms: null,
      first_ts: null,
      last_ts: null,
      span_ms: null,
      bytes: null,
    });
  });

  it('picks the bucket width in SQL exactly as chooseBucketMs does', async () => {
    const spans = [0, 1, 240_000, 240_001, 3_600_000, 86_400_000, 140_399_000, 240 * 86_400_000, 1e12];
    const rows = await query(`SELECT ${spans.map((s, i) => `${bucketWidthSql(String(s))} AS w${i}`).join(', ')}`);
    expect(spans.map((_, i) => rows[0][`w${i}`])).toEqual(spans.map(chooseBucketMs));
  });

  it('fills every 10-minute bucket between the first and last request', async () => {
    const rows = await query(requestsOverTime(NO_FILTER));
    // span 38h59m59s → 10 min buckets from D1 09:00 to D2 23:50: 2330 min / 10 + 1
    expect(rows).toHaveLength(234);
    expect(rows[0].ts).toBe(at(D1, 9, 0));
    expect(rows[233].ts).toBe(at(D2, 23, 50));
    expect(rows.every((r, i) => r.bucket_ms === 10 * MIN && r.ts === at(D1, 9, 0) + i * 10 * MIN)).toBe(true);
    expect(rows.reduce((n, r) => n + (r.requests as number), 0)).toBe(18);
    expect(rows[0]).toEqual({
      ts: at(D1, 9, 0),
      bucket_ms: 10 * MIN,
      requests: 6,
      status_2xx: 3,
      status_3xx: 1,
      status_4xx: 0,
      status_5xx: 2,
      status_other: 0,
      avg_ms: 110,
      p90_ms: 250,
    });
    expect(rows[1]).toMatchObject({ ts: at(D1, 9, 10), requests: 0, status_2xx: 0, avg_ms: null, p90_ms: null });
    expect(rows[233]).toMatchObject({ requests: 1, status_other: 1 });
  });

  it('fills the brush range, with its end exclusive, at a given width', async () => {
    const rows = await query(requestsOverTime(range(at(D1, 0, 0), at(D1, 14, 30, 1)), { bucketMs: HOUR }));
    expect(col(rows, 'ts')).toEqual(Array.from({ length: 15 }, (_, h) => at(D1, h, 0)));
    expect(col(rows, 'requests')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 4, 0, 0, 0, 1]);
    const day = await query(requestsOverTime(range(D1, D2)));
    expect(day).toHaveLength(144); // one day at the chosen 10 min
    expect(day.filter((r) => (r.requests as number) > 0).map((r) => r.ts)).toEqual([
      at(D1, 9, 0),
      at(D1, 10, 0),
      at(D1, 14, 30),
    ]);
  });

  it('totals the status classes, all five always present', async () => {
    expect(await query(statusMix(NO_FILTER))).toEqual([
      { status_class: '2xx', requests: 9, share: 0.5 },
      { status_class: '3xx', requests: 1, share: 1 / 18 },
      { status_class: '4xx', requests: 3, share: 3 / 18 },
      { status_class: '5xx', requests: 4, share: 4 / 18 },
      { status_class: 'other', requests: 1, share: 1 / 18 },
    ]);
    const empty = await query(statusMix(range(0, 1)));
    expect(empty.map((r) => [r.status_class, r.requests, r.share])).toEqual(
      ['2xx', '3xx', '4xx', '5xx', 'other'].map((c) => [c, 0, null]),
    );
  });

  it('lists endpoints by request count', async () => {
    const rows = await query(endpoints(NO_FILTER));
    expect(col(rows, 'route')).toEqual(['/', ITEM, '/login', NASTY_ROUTE]);
    expect(rows[0]).toEqual({
      route: '/',
      requests: 9,
      share: 0.5,
      avg_ms: 101 / 8,
      p90_ms: 23,
      errors: 0,
      error_rate: 0,
      client_errors: 0,
      client_error_rate: 0,
      bytes: 700,
    });
    expect(rows[1]).toMatchObject({ requests: 5, avg_ms: 300, errors: 4, error_rate: 0.8, bytes: 500 });
    expect(rows[1].p90_ms).toBeCloseTo(460, 9);
    expect(rows[2]).toMatchObject({ requests: 3, avg_ms: 50, client_errors: 2, client_error_rate: 2 / 3 });
    expect(rows[2].p90_ms).toBeCloseTo(58, 9);
    expect(rows[3]).toMatchObject({ route: NASTY_ROUTE, requests: 1, client_errors: 1, bytes: null });
    expect(col(await query(endpoints(NO_FILTER, { limit: 2 })), 'route')).toEqual(['/', ITEM]);
  });

  it('ranks slow endpoints by p90 among routes with enough timed requests', async () => {
    const slow = (minCount: number) => query(slowestEndpoints(NO_FILTER, { minCount }));
    const at5 = await slow(5); // ITEM has exactly 5 timed requests, '/' 8 (#10 has no latency)
    expect(col(at5, 'route')).toEqual([ITEM, '/']);
    expect(at5[0]).toMatchObject({ timed: 5, p50_ms: 300, max_ms: 500 });
    expect(at5[1]).toMatchObject({ requests: 9, timed: 8, p90_ms: 23 });
    expect(col(await slow(6), 'route')).toEqual(['/']);
    expect(col(await slow(3), 'route')).toEqual([ITEM, '/login', '/']);
  });

  it('builds the hour × route error grid for the routes with most errors', async () => {
    const rows = await query(errorHeatmap(NO_FILTER, { limit: 2 }));
    expect(rows).toHaveLength(48);
    expect(rows.slice(0, 24).every((r) => r.route === ITEM && r.route_rank === 1 && r.route_errors === 4)).toBe(true);
    expect(rows.slice(24).every((r) => r.route === '/login' && r.route_rank === 2 && r.route_errors_ge400 === 2)).toBe(true);
    expect(col(rows, 'hour')).toEqual([...Array(24).keys(), ...Array(24).keys()]);
    expect(col(rows.slice(0, 24), 'errors')).toEqual(Array.from({ length: 24 }, (_, h) => ({ 2: 1, 9: 2, 14: 1 })[h] ?? 0));
    expect(rows[9]).toMatchObject({ requests: 3, errors: 2, errors_ge400: 2 });
    expect(rows[24 + 10]).toMatchObject({ requests: 3, errors: 0, errors_ge400: 2 });
    const all = await query(errorHeatmap(NO_FILTER));
    expect(all).toHaveLength(72); // '/' has no status >= 400
    expect(all[48 + 14]).toMatchObject({ route: NASTY_ROUTE, route_rank: 3, errors: 0, errors_ge400: 1 });
  });

  it('ranks client addresses', async () => {
    const rows = await query(topIps(NO_FILTER));
    expect(col(rows, 'ip')).toEqual([IP.A, IP.C, IP.B, IP.E, IP.D, IP.F, IP.G]);
    expect(col(rows, 'requests')).toEqual([5, 4, 3, 3, 1, 1, 1]);
    expect(rows[0]).toEqual({
      ip: IP.A,
      requests: 5,
      share: 5 / 18,
      errors: 1,
      client_errors: 0,
      routes: 2,
      first_ts: at(D1, 9, 0),
      last_ts: at(D2, 2, 0),
    });
    expect(rows[1]).toMatchObject({ errors: 1, client_errors: 2, routes: 2 });
    expect(col(await query(topIps(NO_FILTER, { limit: 3 })), 'ip')).toEqual([IP.A, IP.C, IP.B]);
  });

  it('tabulates requests per UTC day', async () => {
    expect(await query(requestsDaily(NO_FILTER))).toEqual([
      {
        day: '2024-03-10',
        day_ts: D1,
        events: 12,
        errors: 3,
        unique_ips: 4,
        peak_hour: 9,
        peak_count: 6,
        top_ips: `${IP.A} (4), ${IP.C} (4), ${IP.B} (3)`,
        brute_force_ips: null,
      },
      {
        day: '2024-03-11',
        day_ts: D2,
        events: 6,
        errors: 1,
        unique_ips: 4,
        peak_hour: 2,
        peak_count: 5,
        top_ips: `${IP.E} (3), ${IP.A} (1), ${IP.F} (1)`,
        brute_force_ips: null,
      },
    ]);
    const d2 = await query(requestsDaily(range(D2, D2 + 24 * HOUR)));
    expect(col(d2, 'day')).toEqual(['2024-03-11']);
  });
}
