/** A small training result with the awkward values (NaN, ±Infinity, quotes, a non-finite threshold) for the result-table golden. */
import type { ResultTables } from './results';

const T = Date.UTC(2026, 0, 5, 6, 0);
const starts = Array.from({ length: 7 }, (_, i) => T + i * 60_000);

export const RESULTS_FIXTURE: ResultTables = {
  starts,
  windowMs: 60_000,
  features: ['requests', 'metric_mean:cpu "pct"', "it's"],
  X: starts.map((_, i) => [10 * i, i === 2 ? NaN : i / 2, i === 3 ? Infinity : i === 4 ? -Infinity : -i * 0.125]),
  testStart: 3,
  detectors: [
    { name: 'ewma', scores: [0.1, 0.2, 0.3, 5, 6, NaN, 4], threshold: 4 },
    { name: "o'dd", scores: [1, 2, 3, 4, 5, 6, 7], threshold: Infinity },
    { name: 'zscore', scores: new Float64Array([-1, 0, 1, 2, 3, 2, 1]), threshold: 1.5 },
  ],
  alarms: [
    { detector: 'ewma', start: T + 180_000, end: T + 300_000, windows: 2, incidentId: 'inc-9', incidentKind: 'error-burst', incidentPhase: 'failure' },
    { detector: 'ewma', start: T + 360_000, end: T + 420_000, windows: 1, incidentId: null, incidentKind: null, incidentPhase: null },
    { detector: 'zscore', start: T + 180_000, end: T + 360_000, windows: 3, incidentId: "inc-'1'", incidentKind: 'latency-ramp', incidentPhase: 'precursor' },
  ],
};

/** Every row of the three result tables, in a fixed order, as the golden compares them. */
export const RESULT_ROWS_SQL = {
  features: `SELECT epoch_ms(ts) AS ts, * EXCLUDE (ts) FROM features ORDER BY ts`,
  scores: 'SELECT epoch_ms(ts) AS ts, detector, score, threshold, alarm, span FROM scores ORDER BY detector, ts',
  alarms: 'SELECT detector, epoch_ms(start) AS start, epoch_ms("end") AS "end", windows, incident_id, incident_kind, incident_phase FROM alarms ORDER BY detector, start',
  columns: "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_name IN ('features', 'scores', 'alarms') ORDER BY table_name, ordinal_position",
} as const;

/** The same run after threshold moves: ewma lowered, o'dd made finite, zscore made non-finite; alarms as the matcher would give. */
export const MOVED_FIXTURE: ResultTables = {
  ...RESULTS_FIXTURE,
  detectors: RESULTS_FIXTURE.detectors.map((d) => ({ ...d, threshold: d.name === 'ewma' ? 2.5 : d.name === 'zscore' ? NaN : 5 })),
  alarms: [
    { detector: 'ewma', start: T + 180_000, end: T + 300_000, windows: 2, incidentId: 'inc-9', incidentKind: 'error-burst', incidentPhase: 'failure' },
    { detector: "o'dd", start: T + 240_000, end: T + 420_000, windows: 3, incidentId: null, incidentKind: null, incidentPhase: null },
  ],
};
