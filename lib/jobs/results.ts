/**
 * Training results as tables, so the SQL cell can join them with the logs: `features` (one row per
 * window, one column per feature), `scores` (window × detector: score, threshold in force, alarm,
 * train/test span) and `alarms` (test-span alarm events, with the incident each one matched: the
 * match is computed by lib/metrics/match.ts and written as columns, never re-derived in SQL).
 *
 * Two writes, because a threshold move must not cost a training's worth of data: `writeResults`
 * after a run (every table, values through the adapters' columnar insert: Arrow in the browser,
 * data chunks natively), `writeThresholds` after a threshold change (the threshold and alarm
 * columns of `scores` updated inside DuckDB, `alarms` replaced; features and scores untouched).
 * No files either way, so it works with external access off.
 */
import type { Db } from '../db/db';
import type { BatchColumn } from '../db/columns';
import { sqlString } from '../db/schema';
import { ident } from '../features/sql';
import type { MatchPhase } from '../metrics/match';

/** One test-span alarm event of a detector (epoch ms, end exclusive), with the incident `matchIncidents` gave it. */
export interface AlarmRow {
  detector: string;
  start: number;
  end: number;
  windows: number;
  incidentId: string | null;
  incidentKind: string | null;
  incidentPhase: MatchPhase | null;
}

export interface ResultTables {
  starts: ArrayLike<number>;
  windowMs: number;
  features: readonly string[];
  /** rows × features, raw values */
  X: readonly ArrayLike<number>[];
  /** first index of the test span */
  testStart: number;
  detectors: { name: string; scores: ArrayLike<number>; threshold: number }[];
  alarms: AlarmRow[];
}

/** What a threshold change rewrites: the thresholds in force per detector and the alarm events they give. */
export interface ThresholdTables {
  detectors: { name: string; threshold: number }[];
  alarms: AlarmRow[];
}

/** Result tables hold NULL for anything not finite and 0 for -0 (as SQL cells have always seen them: the values once went through `String(v)`). */
function finite(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = Number.isFinite(v) ? v + 0 : NaN;
  }
  return out;
}

const num = (v: number) => (Number.isFinite(v) ? String(v) : 'NULL');

export async function writeResults(db: Db, r: ResultTables): Promise<void> {
  const n = r.starts.length;
  if (r.X.length !== n) throw new Error(`features: ${r.X.length} rows for ${n} windows`);
  for (const d of r.detectors) if (d.scores.length !== n) throw new Error(`${d.name}: ${d.scores.length} scores for ${n} windows`);
  for (const t of ['features', 'scores', 'alarms', 'scores_staged']) await db.exec(`DROP TABLE IF EXISTS ${t}`);

  const starts = Float64Array.from(r.starts);
  await db.exec(`CREATE TABLE features (ts TIMESTAMP${r.features.map((f) => `, ${ident(f)} DOUBLE`).join('')})`);
  const featureCols: BatchColumn[] = r.features.map((f, j) => ({ name: f, type: 'DOUBLE', values: finite(Array.from(r.X, (row) => row[j]!)) }));
  await db.insertColumns('features', [{ name: 'ts', type: 'TIMESTAMP', values: starts }, ...featureCols], n);

  // threshold and alarm are filled by the same UPDATE a threshold move runs, so both paths give the same rows
  await db.exec('CREATE TABLE scores_staged (ts TIMESTAMP, detector VARCHAR, score DOUBLE, span VARCHAR)');
  const spans = Array.from({ length: n }, (_, i) => (i < r.testStart ? 'train' : 'test'));
  for (const d of r.detectors) {
    await db.insertColumns(
      'scores_staged',
      [
        { name: 'ts', type: 'TIMESTAMP', values: starts },
        { name: 'detector', type: 'VARCHAR', values: new Array<string>(n).fill(d.name) },
        { name: 'score', type: 'DOUBLE', values: finite(d.scores) },
        { name: 'span', type: 'VARCHAR', values: spans },
      ],
      n,
    );
  }
  await db.exec('CREATE TABLE scores AS SELECT ts, detector, score, NULL::DOUBLE AS threshold, NULL::BOOLEAN AS alarm, span FROM scores_staged');
  await db.exec('DROP TABLE scores_staged');
  await db.exec('CREATE TABLE alarms (detector VARCHAR, start TIMESTAMP, "end" TIMESTAMP, windows INTEGER, incident_id VARCHAR, incident_kind VARCHAR, incident_phase VARCHAR)');
  await writeThresholds(db, r);
}

/** After a threshold change: `scores.threshold`/`scores.alarm` updated in place and `alarms` replaced. */
export async function writeThresholds(db: Db, t: ThresholdTables): Promise<void> {
  if (t.detectors.length > 0) {
    const values = t.detectors.map((d) => `(${sqlString(d.name)}, ${num(d.threshold)}::DOUBLE)`).join(', ');
    await db.exec(`UPDATE scores SET threshold = v.t, alarm = scores.score >= v.t FROM (VALUES ${values}) v(d, t) WHERE scores.detector = v.d`);
  }
  await db.exec('DELETE FROM alarms');
  const a = t.alarms;
  const text = (pick: (x: AlarmRow) => string | null) => a.map(pick);
  await db.insertColumns(
    'alarms',
    [
      { name: 'detector', type: 'VARCHAR', values: text((x) => x.detector) },
      { name: 'start', type: 'TIMESTAMP', values: Float64Array.from(a, (x) => x.start) },
      { name: 'end', type: 'TIMESTAMP', values: Float64Array.from(a, (x) => x.end) },
      { name: 'windows', type: 'INTEGER', values: Float64Array.from(a, (x) => x.windows) },
      { name: 'incident_id', type: 'VARCHAR', values: text((x) => x.incidentId) },
      { name: 'incident_kind', type: 'VARCHAR', values: text((x) => x.incidentKind) },
      { name: 'incident_phase', type: 'VARCHAR', values: text((x) => x.incidentPhase) },
    ],
    a.length,
  );
}
