/**
 * Golden test of the one incident matcher: on one fixed run, the metrics, the Report's findings,
 * the SQL `alarms` table (native DuckDB) and the alarms export name the same incident for every
 * alarm, under the default rule and with `matchPrecursor`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalDefaults, type EvalConfig, type EvalContext, type EvalRun } from '../eval/evaluate';
import { assessAt, manualChoice, testEvents } from '../eval/assess';
import type { FeatureFrame } from '../eval/frame';
import type { LabelRow } from '../labels/types';
import { timeSplit } from '../metrics/split';
import { windowTruth } from '../metrics/windows';
import { openNative, type NativeDb } from '../db/native';
import { writeResults } from '../jobs/results';
import { alarmFindings } from './alarms';
import { alarmsTable } from './export';
import { resultTablesOf } from './result-rows';

const T0 = Date.UTC(2026, 0, 5);
const MIN = 60_000;
const at = (m: number) => T0 + m * MIN;

// 120 one-minute windows; the test span is minutes 60–119
const labels: LabelRow[] = [
  // slow ramp: a long precursor, then the failure
  { incidentId: 'inc-A', kind: 'latency-ramp', phase: 'precursor', start: at(62), end: at(80), target: null },
  { incidentId: 'inc-A', kind: 'latency-ramp', phase: 'failure', start: at(80), end: at(85), target: null },
  // no precursor: only the early margin can catch it early
  { incidentId: 'inc-B', kind: 'error-burst', phase: 'failure', start: at(100), end: at(103), target: null },
  // never alarmed on
  { incidentId: 'inc-C', kind: 'traffic-spike', phase: 'failure', start: at(115), end: at(117), target: null },
];

// windows that alarm, with their score: ewma (threshold 5) sees all, robust-z (threshold 8) the highest
const ALARMS: Record<number, number> = {
  64: 9, 65: 6, // precursor only: 15 min before inc-A's failure, outside the 10-min margin
  81: 7, 82: 9, // on inc-A's failure
  93: 8, // 7 min before inc-B: inside the early margin, no precursor
  88: 6, // unlabeled: after inc-A's failure, before inc-B's margin
};

function fixture(matchPrecursor: boolean): { run: EvalRun; frame: FeatureFrame } {
  const starts = Float64Array.from({ length: 120 }, (_, i) => at(i));
  const frame: FeatureFrame = { starts, features: ['requests'], X: Array.from(starts, (_, i) => Float64Array.of(i)), fitUntilMs: at(60) };
  const config: EvalConfig = { ...evalDefaults, features: ['requests'], detectors: ['ewma', 'robust-z'], earlyMarginMin: 10, matchPrecursor };
  const split = timeSplit(Array.from(starts), MIN, 0.5);
  const context: EvalContext = { config, starts, split, truth: windowTruth(Array.from(starts), MIN, labels), labels };
  const score = Float64Array.from(starts, (_, i) => ALARMS[i] ?? 0);
  const scores = { ewma: score, 'robust-z': score };
  const detectors = [assessAt(context, 'ewma', score, manualChoice(5)), assessAt(context, 'robust-z', score, manualChoice(8))];
  const run: EvalRun = {
    windows: 120, trainWindows: split.train.end, testWindows: 120 - split.test.start, splitTime: split.splitTime,
    detectors, context, scores, models: {}, explain: {}, fixed: {},
  };
  return { run, frame };
}

type AlarmKey = [detector: string, startMin: number, endMin: number, incident: string | null, phase: string | null];

let db: NativeDb;
beforeAll(async () => {
  db = await openNative(':memory:', { threads: 1 });
});
afterAll(async () => {
  await db.close();
});

/** Each consumer's view of the run, as comparable rows. */
async function views(matchPrecursor: boolean) {
  const { run, frame } = fixture(matchPrecursor);
  const metrics = run.detectors.map((d) => {
    const ev = testEvents(run.context, run.scores[d.name], d.threshold);
    return {
      detector: d.name,
      detected: ev.incidents.filter((i) => i.detected).map((i) => i.incidentId),
      falseAlarms: ev.falseAlarmEvents,
      eventsDetected: d.events_detected,
      falseAlarmsPerDay: d.false_alarms_per_day,
      days: ev.days,
    };
  });
  const insights: AlarmKey[] = run.detectors.flatMap((d) => {
    const ev = testEvents(run.context, run.scores[d.name], d.threshold);
    const findings = alarmFindings({
      events: ev.events, matches: ev.matches, scores: run.scores[d.name].subarray(run.context.split.test.start),
      features: ['requests'], contributions: null, limit: 100,
    });
    return findings.map((f): AlarmKey => [d.name, (f.start - T0) / MIN, (f.end - T0) / MIN, f.incident?.incidentId ?? null, f.incident?.phase ?? null]);
  });
  await writeResults(db, resultTablesOf(run, run.detectors, frame));
  const sql = (await db.query('SELECT detector, epoch_ms(start) AS s, epoch_ms("end") AS e, incident_id, incident_phase FROM alarms ORDER BY detector, start')).map(
    (r): AlarmKey => [String(r.detector), (Number(r.s) - T0) / MIN, (Number(r.e) - T0) / MIN, r.incident_id as string | null, r.incident_phase as string | null],
  );
  const exported = alarmsTable(run, run.detectors).rows.map(
    (r): AlarmKey => [String(r.detector), (Number(r.start_ms) - T0) / MIN, (Number(r.end_ms) - T0) / MIN, r.incident_id as string | null, r.incident_phase as string | null],
  );
  return { metrics, insights, sql, exported };
}

const byKey = (rows: AlarmKey[]) => [...rows].sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]);

describe('one incident matcher behind metrics, findings, SQL and exports', () => {
  it('default rule: the precursor-only alarm is a false alarm, the early-margin alarm detects inc-B', async () => {
    const v = await views(false);
    const golden: AlarmKey[] = [
      ['ewma', 64, 66, null, null],
      ['ewma', 81, 83, 'inc-A', 'failure'],
      ['ewma', 88, 89, null, null],
      ['ewma', 93, 94, 'inc-B', 'early-margin'],
      ['robust-z', 64, 65, null, null],
      ['robust-z', 82, 83, 'inc-A', 'failure'],
      ['robust-z', 93, 94, 'inc-B', 'early-margin'],
    ];
    expect(byKey(v.sql)).toEqual(golden);
    expect(byKey(v.exported)).toEqual(golden);
    expect(byKey(v.insights)).toEqual(golden);
    expect(v.metrics.map((m) => [m.detector, m.detected, m.falseAlarms, m.eventsDetected])).toEqual([
      ['ewma', ['inc-A', 'inc-B'], 2, 2],
      ['robust-z', ['inc-A', 'inc-B'], 1, 2],
    ]);
    // the metrics' detected incidents and false alarms are exactly what the alarm rows say
    for (const m of v.metrics) {
      const rows = golden.filter((r) => r[0] === m.detector);
      expect([...new Set(rows.flatMap((r) => (r[3] === null ? [] : [r[3]])))].sort()).toEqual(m.detected);
      expect(rows.filter((r) => r[3] === null)).toHaveLength(m.falseAlarms);
      expect(m.falseAlarmsPerDay).toBeCloseTo(m.falseAlarms / m.days, 12);
    }
  });

  it('matchPrecursor: the precursor-only alarm now detects inc-A, everywhere', async () => {
    const v = await views(true);
    const golden: AlarmKey[] = [
      ['ewma', 64, 66, 'inc-A', 'precursor'],
      ['ewma', 81, 83, 'inc-A', 'failure'],
      ['ewma', 88, 89, null, null],
      ['ewma', 93, 94, 'inc-B', 'early-margin'],
      ['robust-z', 64, 65, 'inc-A', 'precursor'],
      ['robust-z', 82, 83, 'inc-A', 'failure'],
      ['robust-z', 93, 94, 'inc-B', 'early-margin'],
    ];
    expect(byKey(v.sql)).toEqual(golden);
    expect(byKey(v.exported)).toEqual(golden);
    expect(byKey(v.insights)).toEqual(golden);
    expect(v.metrics.map((m) => [m.detector, m.detected, m.falseAlarms])).toEqual([
      ['ewma', ['inc-A', 'inc-B'], 1],
      ['robust-z', ['inc-A', 'inc-B'], 0],
    ]);
  });
});
