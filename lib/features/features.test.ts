import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { createSchema } from '../db/schema';
import { openNative } from '../db/native';
import { openWasmNode } from '../db/wasm-node';
import type { AuthBatch, MetricBatch, RequestBatch } from '../ingest/types';
import { featureSql } from './sql';
import { catalogue, featureDef } from './catalogue';

const T = Date.UTC(2024, 2, 10);
const S = 1000;

// window 0: 4 requests (A×3, B), window 1: none, window 2: 2 requests (C, A)
const REQ: [ts: number, ip: string, route: string, status: number, bytes: number, lat: number][] = [
  [T + 1 * S, 'A', '/a', 200, 100, 10],
  [T + 2 * S, 'A', '/a', 500, 50, 30],
  [T + 3 * S, 'B', '/b', 404, 10, 20],
  [T + 4 * S, 'A', '/b', 200, 40, NaN],
  [T + 121 * S, 'C', '/a', 200, 0, 50],
  [T + 122 * S, 'A', '/a', 503, NaN, 70],
];

function requests(): RequestBatch {
  return {
    table: 'requests',
    length: REQ.length,
    ts: Float64Array.from(REQ.map((r) => r[0])),
    source: REQ.map(() => 'a.log'),
    ip: REQ.map((r) => r[1]),
    method: REQ.map(() => 'GET'),
    path: REQ.map((r) => r[2]),
    route: REQ.map((r) => r[2]),
    status: Int32Array.from(REQ.map((r) => r[3])),
    bytes: Float64Array.from(REQ.map((r) => r[4])),
    latency_ms: Float64Array.from(REQ.map((r) => r[5])),
    referrer: REQ.map(() => null),
    user_agent: REQ.map(() => 'ua'),
  };
}

function auth(): AuthBatch {
  const rows = [
    [T + 61 * S, 'failed_password', 'X'],
    [T + 62 * S, 'invalid_user', 'X'],
    [T + 63 * S, 'accepted', 'Y'],
  ] as const;
  return {
    table: 'auth_events',
    length: rows.length,
    ts: Float64Array.from(rows.map((r) => r[0])),
    source: rows.map(() => 'auth.log'),
    host: rows.map(() => 'h'),
    pid: Float64Array.from(rows.map(() => 1)),
    process: rows.map(() => 'sshd'),
    kind: rows.map((r) => r[1]),
    user: rows.map(() => 'root'),
    ip: rows.map((r) => r[2]),
    port: Float64Array.from(rows.map(() => 22)),
    message: rows.map(() => 'm'),
  };
}

function metrics(): MetricBatch {
  const rows = [
    [T + 0 * S, 'web-1', 10],
    [T + 0 * S, 'web-2', 30],
    [T + 120 * S, 'web-1', 40],
  ] as const;
  return {
    table: 'metrics',
    length: rows.length,
    ts: Float64Array.from(rows.map((r) => r[0])),
    source: rows.map((r) => r[1]),
    name: rows.map(() => 'cpu_pct'),
    value: Float64Array.from(rows.map((r) => r[2])),
  };
}

const ALL = [...catalogue(['cpu_pct']).map((f) => f.id), 'd:requests'];

// Hand-computed (quantile_cont interpolates: p90 of [10, 20, 30] = 20 + 0.8 × 10 = 28).
const EXPECTED = [
  {
    ts: T, requests: 4, rate_4xx: 0.25, rate_5xx: 0.25, p50_ms: 20, p90_ms: 28, p99_ms: 29.8, bytes: 200, unique_ips: 2,
    top_ip_share: 0.75, new_ip_ratio: 1, route_p90_max: 28, route_5xx_max: 0.5,
    auth_failures: 0, auth_invalid_users: 0, auth_fail_ips: 0, auth_top_ip_failures: 0,
    'metric_mean:cpu_pct': 20, 'metric_max:cpu_pct': 30, 'd:requests': 0,
  },
  {
    // no traffic: counts, rates and request times are 0; the CPU gauge carries its last value
    ts: T + 60 * S, requests: 0, rate_4xx: 0, rate_5xx: 0, p50_ms: 0, p90_ms: 0, p99_ms: 0, bytes: 0, unique_ips: 0,
    top_ip_share: 0, new_ip_ratio: 0, route_p90_max: 0, route_5xx_max: 0,
    auth_failures: 2, auth_invalid_users: 1, auth_fail_ips: 1, auth_top_ip_failures: 2,
    'metric_mean:cpu_pct': 20, 'metric_max:cpu_pct': 30, 'd:requests': -4,
  },
  {
    // C is new, A was seen in window 0; the unknown size counts as nothing sent
    ts: T + 120 * S, requests: 2, rate_4xx: 0, rate_5xx: 0.5, p50_ms: 60, p90_ms: 68, p99_ms: 69.8, bytes: 0, unique_ips: 2,
    top_ip_share: 0.5, new_ip_ratio: 0.5, route_p90_max: 68, route_5xx_max: 0.5,
    auth_failures: 0, auth_invalid_users: 0, auth_fail_ips: 0, auth_top_ip_failures: 0,
    'metric_mean:cpu_pct': 40, 'metric_max:cpu_pct': 40, 'd:requests': 2,
  },
];

for (const [label, open] of [['duckdb-wasm', openWasmNode], ['native', () => openNative()]] as const) {
  describe(`windowed features (${label})`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await open();
      await createSchema(db);
      for (const b of [requests(), auth(), metrics()]) await db.insert(b);
    });
    afterAll(() => db.close());

    it('computes every catalogue feature per window, empty windows filled', async () => {
      const rows = await db.query(featureSql({ windowSec: 60, features: ALL, fitUntilMs: T + 180 * S }));
      expect(rows).toHaveLength(3);
      rows.forEach((r, i) => {
        for (const [k, v] of Object.entries(EXPECTED[i])) expect(r[k], `${k} in window ${i}`).toBeCloseTo(v as number, 9);
      });
    });

    it('returns the selected features in the order asked', async () => {
      const rows = await db.query(featureSql({ windowSec: 120, features: ['rate_5xx', 'requests'], fitUntilMs: T + 240 * S }));
      expect(rows.map((r) => Object.keys(r))).toEqual([['ts', 'rate_5xx', 'requests'], ['ts', 'rate_5xx', 'requests']]);
      expect(rows.map((r) => r.requests)).toEqual([4, 2]);
    });
  });
}

describe('feature catalogue', () => {
  it('describes every feature with a unit, change features included', () => {
    expect(featureDef('p90_ms')).toMatchObject({ unit: 'ms', table: 'requests' });
    expect(featureDef('d:auth_failures')).toMatchObject({ unit: 'Δ count' });
    expect(featureDef('metric_max:ram_pct')).toMatchObject({ table: 'metrics', unit: 'ram_pct' });
  });
  it('refuses unknown features and bad windows, naming them', () => {
    expect(() => featureDef('latency')).toThrow('unknown feature: latency');
    expect(() => featureDef('d:d:requests')).toThrow('unknown feature: d:d:requests');
    expect(() => featureSql({ windowSec: 5, features: ['requests'], fitUntilMs: T })).toThrow('invalid window: 5 s');
    expect(() => featureSql({ windowSec: 60, features: [], fitUntilMs: T })).toThrow('no features selected');
  });
});
