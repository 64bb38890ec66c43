import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { createSchema, resetData } from '../db/schema';
import { openNative } from '../db/native';
import { openWasmNode } from '../db/wasm-node';
import type { MetricBatch } from '../ingest/types';
import { featureSql } from './sql';
import { riseWindows } from './rise';
import { defaultFeatures, featureDef } from './catalogue';

const T = Date.UTC(2024, 2, 11);
const MIN = 60_000;

function metrics(rows: readonly { m: number; host: string; value: number; name?: string }[]): MetricBatch {
  return {
    table: 'metrics',
    length: rows.length,
    ts: Float64Array.from(rows, (r) => T + r.m * MIN + 30_000),
    source: rows.map((r) => r.host),
    name: rows.map((r) => r.name ?? 'disk_pct'),
    value: Float64Array.from(rows, (r) => r.value),
  };
}

// minutes 0–7 of two hosts, then a minute with no sample (8), then minute 9
const H1 = [10, 10, 11, 14, 20, 20, 20, 5];
const H2 = [50, 50, 50, 50, 50, 51, 50, 50];
const ROWS = [
  ...H1.map((value, m) => ({ m, host: 'h1', value })),
  ...H2.map((value, m) => ({ m, host: 'h2', value })),
  { m: 9, host: 'h1', value: 5 },
  { m: 9, host: 'h2', value: 53 },
];
const F = 'metric_rise_max:disk_pct';

for (const [label, open] of [['duckdb-wasm', openWasmNode], ['native', () => openNative()]] as const) {
  describe(`metric rise (${label})`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await open();
      await createSchema(db);
    });
    beforeEach(() => resetData(db));
    afterAll(() => db.close());

    const rise = async (horizonSec: number) =>
      (await db.query(featureSql({ windowSec: 60, features: [F], fitUntilMs: T + 4 * MIN, riseHorizonSec: horizonSec }))).map((r) => Number(r[F]));

    it('is the highest rise over hosts from the oldest window within the horizon; a fall counts as 0; a window without samples carries the last value', async () => {
      await db.insert(metrics(ROWS));
      // 3-minute horizon: h1 rises 0, 0, 1, 4, 10 (20 − 10), 9 (20 − 11), 6 (20 − 14), then falls to 5 → 0;
      // h2 rises 1 in minute 5 and 3 in minute 9 (53 against 50 in minute 6, the oldest within reach)
      expect(await rise(180)).toEqual([0, 0, 1, 4, 10, 9, 6, 0, 0, 3]);
      // an hour: every minute reaches back to minute 0 (h1 below its 10 from minute 7 on)
      expect(await rise(3600)).toEqual([0, 0, 1, 4, 10, 10, 10, 0, 0, 3]);
    });

    it('never moves when later rows arrive', async () => {
      await db.insert(metrics(ROWS));
      const before = await rise(180);
      await db.insert(metrics([{ m: 10, host: 'h1', value: 90 }, { m: 11, host: 'h2', value: 10 }]));
      const after = await rise(180);
      expect(after.slice(0, before.length)).toEqual(before);
      // minute 11 holds only h2, falling: 0 (h1 without a sample there does not count)
      expect(after.slice(before.length)).toEqual([85, 0]);
    });
  });
}

describe('metric rise in the catalogue', () => {
  it('counts the horizon in windows, at least one', () => {
    expect(riseWindows(60)).toBe(60);
    expect(riseWindows(10)).toBe(360);
    expect(riseWindows(3600)).toBe(1);
    expect(riseWindows(60, 180)).toBe(3);
    expect(() => riseWindows(60, 0)).toThrow('invalid rise horizon: 0 s');
  });

  it('describes the feature with a unit, and replaces the level of accumulating metrics in the defaults', () => {
    expect(featureDef(F)).toMatchObject({ table: 'metrics', unit: 'disk_pct per hour' });
    expect(defaultFeatures(['cpu_pct', 'disk_pct', 'ram_pct'])).toEqual([
      'requests', 'rate_5xx', 'p50_ms', 'p90_ms', 'unique_ips', 'route_5xx_max', 'route_latency_index_max', 'auth_failures', 'auth_top_ip_failures',
      'metric_mean:cpu_pct', 'metric_max:cpu_pct', 'metric_resid_load_max:cpu_pct',
      'metric_rise_max:disk_pct',
      'metric_mean:ram_pct', 'metric_max:ram_pct', 'metric_resid_load_max:ram_pct',
    ]);
    // a gauge that neither follows load nor accumulates keeps its level
    expect(defaultFeatures(['temperature_c'])).toEqual(expect.arrayContaining(['metric_mean:temperature_c', 'metric_max:temperature_c']));
  });
});
