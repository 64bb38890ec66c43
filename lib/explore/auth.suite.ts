/** Auth panels against the hand-made dataset: X brute-forces on both days, Y stays 1 ms short of it. */
import { expect, it } from 'vitest';
import { D1, D2, W, X, Y, Z, at } from '../../test/fixtures/explore/dataset';
import { authOverTime, bruteForceIps, failedLoginsByIp } from './auth';
import type { BruteForceOptions } from './auth';
import { authDaily } from './daily';
import { NO_FILTER } from './filter';
import { rawAuthEvents, rawCount } from './raw';
import type { Query } from './explore.suite';

const DAY = 86_400_000;

export function authPanels(query: Query): void {
  it('buckets auth events by time and kind, the width chosen from the range', async () => {
    const hour = { range: { from: at(D1, 8, 0), to: at(D1, 9, 0) } }; // 1 h → 30 s buckets
    const rows = await query(authOverTime(hour));
    const b = (m: number, kind: string, events: number) => ({ ts: at(D1, 8, m), bucket_ms: 30_000, kind, events });
    expect(rows).toEqual([
      b(0, 'failed_password', 2),
      b(2, 'invalid_user', 1),
      b(3, 'failed_password', 1),
      b(4, 'failed_password', 1),
      b(6, 'failed_password', 1),
      b(6, 'invalid_user', 1),
      b(9, 'failed_password', 1),
      b(10, 'failed_password', 1), // Y's 08:10:00.001 shares X's 08:10:00 bucket
      b(10, 'invalid_user', 1),
      b(11, 'accepted', 1),
      b(30, 'other', 1),
    ]);
    // no range: D1 08:00 … D2 14:08 is 30 h 8 min → 10 min buckets; every event counted once
    const all = await query(authOverTime(NO_FILTER));
    expect(new Set(all.map((r) => r.bucket_ms))).toEqual(new Set([600_000]));
    expect(all.reduce((a, r) => a + Number(r.events), 0)).toBe(23);
  });

  it('counts failed logins per address', async () => {
    expect(await query(failedLoginsByIp(NO_FILTER))).toEqual([
      {
        ip: X,
        failures: 10,
        failed_password: 7,
        invalid_user: 3,
        accepted: 1,
        users: 4, // root, admin, test, oracle
        first_ts: at(D1, 8, 0),
        last_ts: at(D2, 13, 0, 40),
      },
      { ip: Y, failures: 5, failed_password: 5, invalid_user: 0, accepted: 0, users: 1, first_ts: at(D1, 8, 0), last_ts: at(D1, 8, 10, 0, 1) },
      { ip: Z, failures: 2, failed_password: 1, invalid_user: 1, accepted: 0, users: 1, first_ts: at(D2, 14, 0), last_ts: at(D2, 14, 5) },
    ]);
    const d2 = await query(failedLoginsByIp({ range: { from: D2, to: D2 + DAY } }));
    expect(d2.map((r) => [r.ip, r.failures, r.accepted])).toEqual([
      [X, 5, 0],
      [Z, 2, 0],
    ]);
  });

  const brute = (options: BruteForceOptions) => query(bruteForceIps(NO_FILTER, options));

  it('flags exactly N failures inside a window, both ends inclusive', async () => {
    // X: 08:00 … 08:10 is 5 failures in 10 min; Y's 5th comes at 08:10:00.001, 1 ms too late.
    expect(await brute({ threshold: 5, windowMinutes: 10 })).toEqual([
      {
        ip: X,
        max_failures: 5,
        window_start_ts: at(D1, 8, 0),
        window_end_ts: at(D1, 8, 10), // D2 also holds 5 in a window; the earliest is reported
        detected_ts: at(D1, 8, 10),
        failures: 10,
        users: 4,
        first_ts: at(D1, 8, 0),
        last_ts: at(D2, 13, 0, 40),
      },
    ]);
  });

  it('does not flag N-1 failures, and lowers the bar with the threshold', async () => {
    expect(await brute({ threshold: 6, windowMinutes: 10 })).toEqual([]);
    const at4 = await brute({ threshold: 4, windowMinutes: 10 });
    expect(at4.map((r) => [r.ip, r.max_failures, r.detected_ts])).toEqual([
      [X, 5, at(D1, 8, 6)],
      [Y, 4, at(D1, 8, 9)],
    ]);
    expect(at4[1]).toMatchObject({ window_start_ts: at(D1, 8, 0), window_end_ts: at(D1, 8, 9), failures: 5, users: 1 });
  });

  it('uses the window length given', async () => {
    // 9.99 min: D1 08:00 and 08:10 no longer share a window; D2's burst (40 s) still counts.
    const rows = await brute({ threshold: 5, windowMinutes: 9.99 });
    expect(rows.map((r) => [r.ip, r.max_failures, r.window_start_ts, r.window_end_ts, r.detected_ts])).toEqual([
      [X, 5, at(D2, 13, 0), at(D2, 13, 0, 40), at(D2, 13, 0, 40)],
    ]);
    const y = await brute({ threshold: 5, windowMinutes: 10 + 1 / 60_000 }); // 10 min + 1 ms
    expect(y.map((r) => r.ip)).toEqual([X, Y]);
  });

  it('only sees failures inside the range', async () => {
    // From 08:03 X keeps 08:04, 08:06, 08:10 (3); Y keeps 08:03 … 08:10:00.001 (4, within 10 min).
    const rows = await query(bruteForceIps({ range: { from: at(D1, 8, 3), to: D2 } }, { threshold: 4 }));
    expect(rows.map((r) => [r.ip, r.max_failures, r.detected_ts])).toEqual([[Y, 4, at(D1, 8, 10, 0, 1)]]);
  });

  it('tabulates auth events per UTC day', async () => {
    expect(await query(authDaily(NO_FILTER))).toEqual([
      {
        day: '2024-03-10',
        day_ts: D1,
        events: 13,
        errors: 10,
        unique_ips: 3,
        peak_hour: 8,
        peak_count: 12,
        top_ips: `${X} (6), ${Y} (5), ${W} (1)`,
        brute_force_ips: 1,
      },
      {
        day: '2024-03-11',
        day_ts: D2,
        events: 10,
        errors: 7,
        unique_ips: 2,
        peak_hour: 13, // 13h and 14h both hold 5: the earlier wins
        peak_count: 5,
        top_ips: `${Z} (5), ${X} (5)`,
        brute_force_ips: 1,
      },
    ]);
    const lower = await query(authDaily(NO_FILTER, { threshold: 4 }));
    expect(lower.map((r) => r.brute_force_ips)).toEqual([2, 1]);
  });

  it('pages raw auth events in time, source, load order', async () => {
    const [{ rows }] = await query(rawCount('auth_events', NO_FILTER));
    expect(rows).toBe(23);
    const page = await query(rawAuthEvents({ filter: NO_FILTER, offset: 0, limit: 3 }));
    expect(page.map((r) => [r.ts, r.ip, r.user])).toEqual([
      [at(D1, 8, 0), X, 'root'],
      [at(D1, 8, 0), Y, 'ubuntu'],
      [at(D1, 8, 2), X, 'admin'],
    ]);
    expect(page[0]).toMatchObject({ source: 'auth.log', host: 'web1', pid: null, process: 'sshd', kind: 'failed_password', port: 22 });
    for (const total of [undefined, 23]) {
      const last = await query(rawAuthEvents({ filter: NO_FILTER, offset: 21, limit: 10, total }));
      expect(last.map((r) => [r.ts, r.kind, r.user, r.ip])).toEqual([
        [at(D2, 14, 7), 'disconnect', null, Z],
        [at(D2, 14, 8), 'disconnect', null, Z],
      ]);
    }
  });
}
