/**
 * Export tables of a run: features, scores, alarms and the metrics table, each as column names +
 * plain rows, written as CSV (formula-escaped, ./csv.ts), JSON or Parquet. Times are ISO 8601 UTC
 * strings plus epoch ms, so a spreadsheet and a script both read them without guessing.
 *
 * Parquet is written by hyparquet-writer, not DuckDB: the engine runs with external access off, so
 * its COPY TO a file fails (see export.test.ts).
 */
import { assertNever } from '../util/assert-never';
import type { Row } from '../db/db';
import type { FeatureFrame } from '../eval/frame';
import type { DetectorResult, EvalRun } from '../eval/evaluate';
import { toCsv } from './csv';
import { parquetWriteBuffer, type ColumnSource } from 'hyparquet-writer';
import { alarmRecords } from './result-rows';

export interface Table {
  columns: string[];
  rows: Row[];
}

export const EXPORT_FORMATS = ['csv', 'json', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const iso = (ms: number) => new Date(ms).toISOString();
/** JSON and CSV have no NaN/Infinity: a non-finite number is written as empty (null). */
const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** One row per window: its start and every feature's raw (unscaled) value. */
export function featuresTable(frame: FeatureFrame): Table {
  const rows = Array.from(frame.starts, (t, i) => {
    const r: Row = { window_start: iso(t), window_start_ms: t };
    frame.features.forEach((f, j) => (r[f] = finite(frame.X[i][j])));
    return r;
  });
  return { columns: ['window_start', 'window_start_ms', ...frame.features], rows };
}

/** One row per window: start, train/test side, and each detector's score. */
export function scoresTable(run: EvalRun): Table {
  const names = Object.keys(run.scores);
  const { starts, split } = run.context;
  const rows = Array.from(starts, (t, i) => {
    const r: Row = { window_start: iso(t), window_start_ms: t, span: i < split.train.end ? 'train' : 'test' };
    for (const n of names) r[n] = finite(run.scores[n][i]);
    return r;
  });
  return { columns: ['window_start', 'window_start_ms', 'span', ...names], rows };
}

/** Every test-span alarm event of every detector at its current threshold, with the incident it matched. */
export function alarmsTable(run: EvalRun, results: readonly DetectorResult[]): Table {
  const rows: Row[] = alarmRecords(run, results).map((a) => ({
    detector: a.detector,
    start: iso(a.start),
    end: iso(a.end),
    start_ms: a.start,
    end_ms: a.end,
    windows: a.windows,
    peak_score: finite(a.peak),
    threshold: finite(a.threshold),
    incident_id: a.incident?.incidentId ?? null,
    incident_kind: a.incident?.kind ?? null,
    incident_phase: a.incident?.phase ?? null,
  }));
  return { columns: ['detector', 'start', 'end', 'start_ms', 'end_ms', 'windows', 'peak_score', 'threshold', 'incident_id', 'incident_kind', 'incident_phase'], rows };
}

const METRIC_COLUMNS = [
  'name', 'threshold', 'threshold_rule', 'precision', 'recall', 'f1', 'pr_auc', 'vus_pr', 'range_precision', 'range_recall',
  'events_detected', 'events_total', 'false_alarms_per_day', 'median_lead_s', 'oracle_f1', 'fit_ms', 'score_ms',
] as const satisfies readonly (keyof DetectorResult)[];

/** The metrics table (one row per detector), incidents per kind as `by_kind:<kind>` = "detected/total". */
export function metricsTable(results: readonly DetectorResult[]): Table {
  const kinds = [...new Set(results.flatMap((r) => Object.keys(r.by_kind)))].sort();
  const rows = results.map((d) => {
    const r: Row = {};
    for (const c of METRIC_COLUMNS) {
      const v = d[c];
      r[c] = typeof v === 'number' ? finite(v) : v;
    }
    for (const k of kinds) r[`by_kind:${k}`] = d.by_kind[k] ? `${d.by_kind[k].detected}/${d.by_kind[k].total}` : null;
    r.error = d.error;
    return r;
  });
  return { columns: [...METRIC_COLUMNS, ...kinds.map((k) => `by_kind:${k}`), 'error'], rows };
}

/** JSON text: an array of objects with the table's columns in order. */
export function toJson(t: Table): string {
  return JSON.stringify(t.rows.map((r) => Object.fromEntries(t.columns.map((c) => [c, r[c] ?? null]))), null, 1);
}

/**
 * Parquet bytes: one column per table column, typed DOUBLE / BOOLEAN / STRING from its values
 * (a column mixing kinds is written as text), every column nullable.
 */
function toParquet(t: Table): Uint8Array {
  const columnData: ColumnSource[] = t.columns.map((c) => {
    const values = t.rows.map((r) => r[c] ?? null);
    const kinds = new Set(values.filter((v) => v !== null).map((v) => typeof v));
    if (kinds.size === 1 && kinds.has('number')) return { name: c, data: values as (number | null)[], type: 'DOUBLE' };
    if (kinds.size === 1 && kinds.has('boolean')) return { name: c, data: values as (boolean | null)[], type: 'BOOLEAN' };
    return { name: c, data: values.map((v) => (v === null ? null : String(v))), type: 'STRING' };
  });
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}

/** The file contents and MIME type of a table in a format. */
export function exportFile(t: Table, format: ExportFormat): { data: string | Uint8Array; type: string } {
  switch (format) {
    case 'csv':
      return { data: toCsv(t.rows, t.columns), type: 'text/csv' };
    case 'json':
      return { data: toJson(t), type: 'application/json' };
    case 'parquet':
      return { data: toParquet(t), type: 'application/vnd.apache.parquet' };
    default:
      return assertNever(format);
  }
}
