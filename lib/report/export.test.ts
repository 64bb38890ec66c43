import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { evaluateFrame, evalDefaults, type EvalRun } from '../eval/evaluate';
import { testEvents } from '../eval/assess';
import type { FeatureFrame } from '../eval/frame';
import type { LabelRow } from '../labels/types';
import type { Db } from '../db/db';
import { createSchema } from '../db/schema';
import { lockDown } from '../db/security';
import { openWasmNode } from '../db/wasm-node';
import { alarmsTable, exportFile, featuresTable, metricsTable, scoresTable, toJson } from './export';
import { parquetReadObjects } from 'hyparquet';
import { datasetSql, errorRoutesSql, hourProfileSql, sampleAuthSql, sampleLinesSql } from './queries';

const T0 = Date.UTC(2026, 0, 5);
const MIN = 60_000;

/** Two features over 200 one-minute windows; a spike in both at windows 150–152 (a labeled failure). */
function frame(): FeatureFrame {
  const starts = Float64Array.from({ length: 200 }, (_, i) => T0 + i * MIN);
  const X = Array.from(starts, (_, i) => Float64Array.from([10 + (i % 7), i >= 150 && i <= 152 ? 50 : (i * 13) % 5]));
  return { starts, features: ['requests', 'rate_5xx'], X, fitUntilMs: starts[100] };
}
const labels: LabelRow[] = [{ incidentId: 'inc-1', kind: 'error-burst', phase: 'failure', start: T0 + 150 * MIN, end: T0 + 153 * MIN, target: null }];

let run: EvalRun;
beforeAll(async () => {
  run = await evaluateFrame(frame(), { ...evalDefaults, features: ['requests', 'rate_5xx'], detectors: ['robust-z', 'ewma'] }, labels);
});

function parseCsv(text: string): string[][] {
  return text.trimEnd().split('\r\n').map((l) => l.split(','));
}

describe('export tables', () => {
  it('features: one row per window with ISO and epoch time and raw values', () => {
    const t = featuresTable(frame());
    expect(t.columns).toEqual(['window_start', 'window_start_ms', 'requests', 'rate_5xx']);
    expect(t.rows).toHaveLength(200);
    expect(t.rows[151]).toEqual({ window_start: '2026-01-05T02:31:00.000Z', window_start_ms: T0 + 151 * MIN, requests: 10 + (151 % 7), rate_5xx: 50 });
    const csv = parseCsv(exportFile(t, 'csv').data as string);
    expect(csv[0]).toEqual(t.columns);
    expect(csv).toHaveLength(201);
  });

  it('scores: every window, its side of the split and each detector’s score', () => {
    const t = scoresTable(run);
    expect(t.columns).toEqual(['window_start', 'window_start_ms', 'span', 'robust-z', 'ewma']);
    expect(t.rows).toHaveLength(200);
    expect(t.rows.filter((r) => r.span === 'train')).toHaveLength(run.trainWindows);
    expect(t.rows[151]['robust-z']).toBe(run.scores['robust-z'][151]);
  });

  it('alarms: each detector’s test-span alarm events with their peak and matched incident', () => {
    const t = alarmsTable(run, run.detectors);
    for (const d of run.detectors) {
      const events = testEvents(run.context, run.scores[d.name], d.threshold).events;
      expect(t.rows.filter((r) => r.detector === d.name)).toHaveLength(events.length);
    }
    // the alarm over the spike (windows 150–152) matched the failure; its peak is the highest score of its windows
    const hit = t.rows.find((r) => r.detector === 'robust-z' && Number(r.start_ms) <= T0 + 150 * MIN && Number(r.end_ms) > T0 + 150 * MIN);
    expect(hit).toMatchObject({ incident_id: 'inc-1', incident_kind: 'error-burst', incident_phase: 'failure' });
    const first = (Number(hit!.start_ms) - T0) / MIN;
    expect(hit!.peak_score).toBe(Math.max(...Array.from(run.scores['robust-z'].subarray(first, first + Number(hit!.windows)))));
    expect(hit!.peak_score).toBe(Math.max(...Array.from(run.scores['robust-z'].subarray(150, 153))));
  });

  it('metrics: one row per detector, incidents per kind as detected/total, NaN as null', () => {
    const t = metricsTable([...run.detectors, { ...run.detectors[0], name: 'broken', f1: NaN, by_kind: {}, error: 'no failure in training' }]);
    expect(t.columns).toContain('by_kind:error-burst');
    expect(t.rows[0]['by_kind:error-burst']).toBe(`${run.detectors[0].by_kind['error-burst'].detected}/1`);
    expect(t.rows[2]).toMatchObject({ name: 'broken', f1: null, 'by_kind:error-burst': null, error: 'no failure in training' });
    const back = JSON.parse(toJson(t)) as Record<string, unknown>[];
    expect(back).toHaveLength(3);
    expect(Object.keys(back[0])).toEqual(t.columns);
    expect(back[2].f1).toBeNull();
  });

  it('writes Parquet that reads back with the same columns, types and nulls', async () => {
    const t = { columns: ['when', 'n', 'ok', 'x'], rows: [{ when: '2026-01-05T00:00:00.000Z', n: 1.5, ok: true, x: null }, { when: '2026-01-05T00:01:00.000Z', n: null, ok: false, x: 'a' }] };
    const { data, type } = exportFile(t, 'parquet');
    expect(type).toBe('application/vnd.apache.parquet');
    const bytes = data as Uint8Array;
    const magic = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
    expect(magic(0)).toBe('PAR1');
    expect(magic(bytes.length - 4)).toBe('PAR1');
    const back = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
    expect(back).toEqual(t.rows);
    // a real table of the run
    const f = featuresTable(frame());
    const rows = await parquetReadObjects({ file: (exportFile(f, 'parquet').data as Uint8Array).slice().buffer as ArrayBuffer });
    expect(rows).toHaveLength(200);
    expect(rows[151]).toEqual(f.rows[151]);
  });

  it('escapes cells a spreadsheet would run as a formula', () => {
    const { data: text, type } = exportFile({ columns: ['path', 'n'], rows: [{ path: '=HYPERLINK("http://x")', n: -1 }, { path: '@cmd', n: 2 }] }, 'csv');
    expect(type).toBe('text/csv');
    expect(text).toBe(`path,n\r\n"'=HYPERLINK(""http://x"")",-1\r\n'@cmd,2\r\n`);
  });
});

describe('SQL of the report on duckdb-wasm', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openWasmNode();
    await createSchema(db);
    const ts = (min: number) => `make_timestamp(${(T0 + min * MIN) * 1000}::BIGINT)`;
    await db.exec(`INSERT INTO requests (ts, ip, method, path, route, status, bytes, latency_ms, user_agent) VALUES
      (${ts(0)}, '1.1.1.1', 'GET', '/a', '/a', 200, 10, 5, 'ua'),
      (${ts(1)}, '1.1.1.1', 'GET', '/a', '/a', 500, 10, 900, 'ua'),
      (${ts(61)}, '2.2.2.2', 'GET', '/b?token=x', '/b', 404, 10, 20, 'ua'),
      (${ts(62)}, '2.2.2.2', 'GET', '/b', '/b', 404, 10, NULL, 'ua'),
      (${ts(63)}, '2.2.2.2', 'GET', '/b', '/b', 200, 10, 30, 'ua');
      INSERT INTO auth_events (ts, host, process, kind, "user", ip, message) VALUES
      (${ts(61)}, 'h', 'sshd', 'accepted', 'bob', '3.3.3.3', 'Accepted password for bob'),
      (${ts(62)}, 'h', 'sshd', 'failed_password', 'root', '4.4.4.4', 'Failed password for root');`);
    await lockDown(db);
  });
  afterAll(async () => {
    await db.close();
  });

  it('error routes: counts and shares of all 4xx and 5xx', async () => {
    expect(await db.query(errorRoutesSql(5))).toEqual([
      { route: '/b', requests: 3, client_errors: 2, errors: 0, client_error_share: 1, error_share: 0 },
      { route: '/a', requests: 2, client_errors: 0, errors: 1, client_error_share: 0, error_share: 1 },
    ]);
  });

  it('hour profile: requests, days and latency per hour of the day', async () => {
    const rows = await db.query(hourProfileSql());
    expect(rows.map((r) => [r.hour, r.requests, r.days, r.timed, r.avg_ms])).toEqual([
      [0, 2, 1, 2, 452.5],
      [1, 3, 1, 2, 25],
    ]);
  });

  it('sample lines: failing first, then slowest, within the span only', async () => {
    const rows = await db.query(sampleLinesSql(T0 + 60 * MIN, T0 + 120 * MIN, 2));
    expect(rows.map((r) => [r.status, r.latency_ms])).toEqual([
      [404, 20],
      [404, null],
    ]);
    const auth = await db.query(sampleAuthSql(T0, T0 + 120 * MIN));
    expect(auth.map((r) => r.kind)).toEqual(['failed_password', 'accepted']);
    expect(auth[0].user_name).toBe('root');
  });

  it('dataset: counts and span', async () => {
    expect(await db.query(datasetSql())).toEqual([{ requests: 5, auth_events: 2, metrics: 0, first_ts: T0, last_ts: T0 + 63 * MIN }]);
  });

  it('the locked engine cannot write Parquet with COPY TO, so the page offers no Parquet export', async () => {
    await expect(db.exec("COPY (SELECT 1 AS a) TO 'x.parquet' (FORMAT parquet)")).rejects.toThrow(/external access|disabled|Permission/i);
  });
});
