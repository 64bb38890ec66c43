/** Metric panels, raw request pages, table counts and string escaping against the hand-made dataset. */
import { expect, it } from 'vitest';
import { D1, D2, IP, NASTY_ROUTE, NASTY_SERIES, at } from '../../test/fixtures/explore/dataset';
import { NO_FILTER, sqlString } from './filter';
import { metricPoints, metricSeries } from './metrics';
import { rawCount, rawRequests, tableCounts } from './raw';
import { endpoints } from './requests';
import type { Query } from './explore.suite';

const MIN = 60_000;

export function metricAndRawPanels(query: Query): void {
  it('lists metric series with their finite samples', async () => {
    expect(await query(metricSeries(NO_FILTER))).toEqual([
      { source: 'm.csv', name: 'cpu_pct', points: 10, min: 0, max: 9, avg: 4.5, first_ts: at(D1, 9, 0), last_ts: at(D1, 9, 9) },
      { source: 'm.csv', name: NASTY_SERIES, points: 1, min: 7, max: 7, avg: 7, first_ts: at(D1, 9, 5), last_ts: at(D1, 9, 5) },
      // the NaN sample at 09:01 is left out
      { source: 'm.csv', name: 'mem_mb', points: 2, min: 100, max: 300, avg: 200, first_ts: at(D1, 9, 0), last_ts: at(D1, 9, 2) },
    ]);
  });

  const cpu = [{ source: 'm.csv', name: 'cpu_pct' }];

  it('downsamples a series to at most maxPoints buckets', async () => {
    // span 9 min → width 540000 // 5 + 1 ms: the 10 samples pair up
    const five = await query(metricPoints(NO_FILTER, { maxPoints: 5, series: cpu }));
    expect(five.map((r) => [r.ts, r.avg, r.min, r.max, r.n])).toEqual(
      [0, 2, 4, 6, 8].map((i) => [at(D1, 9, i, 30), i + 0.5, i, i + 1, 2]),
    );
    const one = await query(metricPoints(NO_FILTER, { maxPoints: 1, series: cpu }));
    expect(one.map((r) => [r.ts, r.avg, r.min, r.max, r.n])).toEqual([[at(D1, 9, 4, 30), 4.5, 0, 9, 10]]);
  });

  it('returns a series untouched when it fits in maxPoints', async () => {
    const rows = await query(metricPoints(NO_FILTER, { maxPoints: 10, series: cpu }));
    expect(rows.map((r) => [r.ts, r.avg, r.n])).toEqual(Array.from({ length: 10 }, (_, i) => [at(D1, 9, i), i, 1]));
    const all = await query(metricPoints(NO_FILTER));
    expect(all.map((r) => r.name)).toEqual([...Array(10).fill('cpu_pct'), NASTY_SERIES, 'mem_mb', 'mem_mb']);
  });

  it('selects series by escaped name, and none for an empty list', async () => {
    const rows = await query(metricPoints(NO_FILTER, { series: [{ source: 'm.csv', name: NASTY_SERIES }] }));
    expect(rows).toEqual([{ source: 'm.csv', name: NASTY_SERIES, ts: at(D1, 9, 5), avg: 7, min: 7, max: 7, n: 1 }]);
    expect(await query(metricPoints(NO_FILTER, { series: [] }))).toEqual([]);
    const evil = "x' OR '1'='1"; // would select everything if not escaped
    expect(await query(metricPoints(NO_FILTER, { series: [{ source: evil, name: evil }] }))).toEqual([]);
  });

  it('round-trips quotes and markup through sqlString', async () => {
    const values = [NASTY_ROUTE, "'; DROP TABLE requests; --", 'back\\slash', 'new\nline', ''];
    const rows = await query(`SELECT ${values.map((v, i) => `${sqlString(v)} AS v${i}`).join(', ')}`);
    expect(values.map((_, i) => rows[0][`v${i}`])).toEqual(values);
    const routes = (await query(endpoints(NO_FILTER))).map((r) => r.route);
    expect(routes).toContain(NASTY_ROUTE);
  });

  it('pages raw requests in time, source, load order without gaps or repeats', async () => {
    const whole = await query(rawRequests({ filter: NO_FILTER, offset: 0, limit: 100 }));
    expect(whole).toHaveLength(18);
    const pages = [];
    for (let offset = 0; offset < 18; offset += 5) pages.push(...(await query(rawRequests({ filter: NO_FILTER, offset, limit: 5 }))));
    expect(pages).toEqual(whole);
    // with the total known, pages past the middle are found from the end: same rows
    for (const [offset, limit] of [[10, 5], [13, 5], [15, 5], [17, 1], [9, 9], [0, 18]]) {
      const page = await query(rawRequests({ filter: NO_FILTER, offset, limit, total: 18 }));
      expect(page, `offset ${offset} limit ${limit}`).toEqual(whole.slice(offset, offset + limit));
    }
    expect(await query(rawRequests({ filter: NO_FILTER, offset: 18, limit: 5, total: 18 }))).toEqual([]);
    // #18 (a.log) sorts before #13 and #14 (b.log, same instant, in load order)
    expect(whole.slice(12, 15).map((r) => [r.source, r.ip])).toEqual([
      ['a.log', IP.G],
      ['b.log', IP.A],
      ['b.log', IP.E],
    ]);
    expect(whole[11]).toEqual({
      ts: at(D1, 14, 30, 1),
      source: 'b.log',
      ip: IP.B,
      method: 'GET',
      path: `${NASTY_ROUTE}?x=1`,
      route: NASTY_ROUTE,
      status: 404,
      bytes: null,
      latency_ms: 5,
      referrer: null,
      user_agent: 'curl/8',
    });
    const ranged = await query(rawRequests({ filter: { range: { from: at(D1, 10, 0), to: at(D1, 10, 0, 10) } }, offset: 1, limit: 5 }));
    expect(ranged.map((r) => r.ts)).toEqual([at(D1, 10, 0, 5)]);
  });

  it('counts rows per table, in and out of a range', async () => {
    expect(await query(tableCounts(NO_FILTER))).toEqual([{ requests: 18, auth_events: 23, metrics: 14, parse_rejects: 1 }]);
    const d2 = { range: { from: D2, to: D2 + 24 * 60 * MIN } };
    expect(await query(tableCounts(d2))).toEqual([{ requests: 6, auth_events: 10, metrics: 0, parse_rejects: 1 }]);
    expect(await query(rawCount('requests', d2))).toEqual([{ rows: 6 }]);
    expect(await query(rawCount('metrics', NO_FILTER))).toEqual([{ rows: 14 }]);
  });
}
