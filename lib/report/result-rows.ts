/**
 * The rows behind both the exports (./export.ts) and the engine's result tables
 * (lib/jobs/results.ts): built once here so a downloaded alarms file and `SELECT * FROM alarms`
 * list the same alarms with the same matched incidents.
 */
import type { DetectorResult, EvalRun } from '../eval/evaluate';
import type { FeatureFrame } from '../eval/frame';
import { testEvents } from '../eval/assess';
import type { AlarmMatch } from '../metrics/match';
import type { AlarmRow, ResultTables, ThresholdTables } from '../jobs/results';

/** One test-span alarm event of one detector at its threshold in force. */
export interface AlarmRecord {
  detector: string;
  /** epoch ms: start of the first window */
  start: number;
  /** epoch ms, exclusive: end of the last window */
  end: number;
  windows: number;
  /** highest score of the event's windows */
  peak: number;
  threshold: number;
  /** what `matchIncidents` credited it to (the metrics' rule), null for a false alarm */
  incident: AlarmMatch | null;
}

/** Every test-span alarm event of every detector that ran, in detector then time order. */
export function alarmRecords(run: EvalRun, results: readonly DetectorResult[]): AlarmRecord[] {
  const out: AlarmRecord[] = [];
  // events index the test slice; scores index every window
  const off = run.context.split.test.start;
  for (const d of results) {
    const scores = run.scores[d.name];
    if (d.error !== null || !scores) continue;
    const ev = testEvents(run.context, scores, d.threshold);
    ev.events.forEach((e, k) => {
      let peak = -Infinity;
      for (let i = e.firstIndex; i <= e.lastIndex; i++) peak = Math.max(peak, scores[off + i]);
      out.push({ detector: d.name, start: e.start, end: e.end, windows: e.lastIndex - e.firstIndex + 1, peak, threshold: d.threshold, incident: ev.matches[k] });
    });
  }
  return out;
}

/** What the engine writes as `features`, `scores` and `alarms` for a run and its thresholds in force. */
export function resultTablesOf(run: EvalRun, results: readonly DetectorResult[], frame: FeatureFrame): ResultTables {
  const detectors = results.filter((r) => r.error === null && run.scores[r.name]).map((r) => ({ name: r.name, scores: run.scores[r.name], threshold: r.threshold }));
  return {
    starts: frame.starts,
    windowMs: run.context.config.windowSec * 1000,
    features: frame.features,
    X: frame.X,
    testStart: run.context.split.test.start,
    detectors,
    alarms: thresholdTablesOf(run, results).alarms,
  };
}

/** What a threshold change rewrites: the thresholds in force and the alarm events they give (no feature or score arrays). */
export function thresholdTablesOf(run: EvalRun, results: readonly DetectorResult[]): ThresholdTables {
  return {
    detectors: results.filter((r) => r.error === null && run.scores[r.name]).map((r) => ({ name: r.name, threshold: r.threshold })),
    alarms: alarmRecords(run, results).map(
      (a): AlarmRow => ({
        detector: a.detector,
        start: a.start,
        end: a.end,
        windows: a.windows,
        incidentId: a.incident?.incidentId ?? null,
        incidentKind: a.incident?.kind ?? null,
        incidentPhase: a.incident?.phase ?? null,
      }),
    ),
  };
}
