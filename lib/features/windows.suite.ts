/**
 * One suite of hand-computed windows, run on every engine that computes features: DuckDB through
 * both adapters (featureSql) and ClickHouse (one query per family + assemble.ts, the metric
 * residuals and rises in metric-fits.ts). Every engine must give these numbers exactly: means are
 * summed in (time, value) order everywhere, so not even their last bits differ.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthBatch, Batch, MetricBatch, RequestBatch } from '../ingest/types';

/** What the suite needs of an engine. */
export interface WindowEngine {
  load(batches: readonly Batch[]): Promise<void>;
  features(windowSec: number, features: readonly string[], fitUntilMs: number): Promise<{ starts: Float64Array; X: Float64Array[] }>;
  close(): Promise<void>;
}

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
    user_agent: REQ.map(() => 'ua\t"quoted"\\'),
  };
}

// window 0: X fails twice, Y is an invalid user, X logs in; window 2: one failure without an address
function auth(): AuthBatch {
  const kinds = ['failed_password', 'failed_password', 'invalid_user', 'accepted', 'failed_password'] as const;
  return {
    table: 'auth_events',
    length: 5,
    ts: Float64Array.from([T + 5 * S, T + 6 * S, T + 7 * S, T + 8 * S, T + 125 * S]),
    source: Array(5).fill('auth.log'),
    host: Array(5).fill('h'),
    pid: Float64Array.from([1, 1, 1, 1, NaN]),
    process: Array(5).fill('sshd'),
    kind: [...kinds],
    user: ['root', 'root', 'nobody', 'root', null],
    ip: ['X', 'X', 'Y', 'X', null],
    port: Float64Array.from([22, 22, 22, 22, NaN]),
    message: Array(5).fill('m\nline'),
  };
}

// cpu: window 0 two hosts (1 and 3), window 1 nothing (carried), window 2 a NaN and a 5
function metrics(): MetricBatch {
  return {
    table: 'metrics',
    length: 4,
    ts: Float64Array.from([T + 10 * S, T + 20 * S, T + 123 * S, T + 124 * S]),
    source: ['h1', 'h2', 'h1', 'h2'],
    name: ["cpu'pct", "cpu'pct", "cpu'pct", "cpu'pct"],
    value: Float64Array.from([1, 3, NaN, 5]),
  };
}

const EXPECTED: Record<string, number[]> = {
  requests: [4, 0, 2],
  rate_4xx: [0.25, 0, 0],
  rate_5xx: [0.25, 0, 0.5],
  // quantiles interpolate between ranks: [10, 20, 30] → p50 20, p90 28; [50, 70] → 60, 68
  p50_ms: [20, 0, 60],
  p90_ms: [28, 0, 68],
  bytes: [200, 0, 0],
  unique_ips: [2, 0, 2],
  top_ip_share: [0.75, 0, 0.5],
  new_ip_ratio: [1, 0, 0.5],
  route_p90_max: [28, 0, 68],
  route_5xx_max: [0.5, 0, 0.5],
  // no route has 3 requests in a window: 1 throughout
  route_latency_index_max: [1, 1, 1],
  auth_failures: [3, 0, 1],
  auth_invalid_users: [1, 0, 0],
  auth_fail_ips: [2, 0, 0],
  auth_top_ip_failures: [2, 0, 0],
  "metric_mean:cpu'pct": [2, 2, 5],
  "metric_max:cpu'pct": [3, 3, 5],
  // all three windows train; h2's window means 3 and 5 (hour 0) → tod residuals −1, +1, sd 1, clipped;
  // its load line through (x 4, 3) and (x 2, 5) fits both exactly; h1 (one window) fits itself
  "metric_resid_load_max:cpu'pct": [0, 0, 0],
  "metric_resid_tod_max:cpu'pct": [0, 0, 1],
  // h2 rose from 3 (window 0) to 5 (window 2); h1 has no value in window 2
  "metric_rise_max:cpu'pct": [0, 0, 2],
  'd:requests': [0, -4, 2],
  "d:metric_max:cpu'pct": [0, 0, 2],
};

export function defineWindowSuite(label: string, open: () => Promise<WindowEngine>): void {
  describe(`window features: ${label}`, () => {
    let engine: WindowEngine;
    beforeAll(async () => {
      engine = await open();
      await engine.load([requests(), auth(), metrics()]);
    }, 120_000);
    afterAll(async () => {
      await engine?.close();
    }, 60_000);

    it('computes the hand-computed windows, the empty one filled', async () => {
      const features = Object.keys(EXPECTED);
      const got = await engine.features(60, features, T + 180 * S);
      expect(Array.from(got.starts)).toEqual([T, T + 60 * S, T + 120 * S]);
      for (const [j, f] of features.entries()) {
        const col = got.X.map((r) => r[j]);
        expect(col, f).toEqual(EXPECTED[f]);
      }
    });
  });
}
