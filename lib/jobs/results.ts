/**
 * Training results as tables, so the SQL cell can join them with the logs: `features` (one row per
 * window, one column per feature), `scores` (window × detector: score, threshold in force, alarm,
 * train/test span) and `alarms` (test-span alarm events, with the incident each one matched: the
 * match is computed by lib/metrics/match.ts and written as columns, never re-derived in SQL).
 * Rewritten after every run and every threshold change. Data travels as list literals unnested in
 * one statement per table: no files, so it works with external access off.
 */
import type { Db } from '../db/db';
import { sqlString } from '../db/schema';
import { ident } from '../features/sql';
import type { MatchPhase } from '../metrics/match';

export interface ResultTables {
  starts: ArrayLike<number>;
  windowMs: number;
  features: readonly string[];
  /** rows × features, raw values */
  X: readonly ArrayLike<number>[];
  /** first index of the test span */
  testStart: number;
  detectors: { name: string; scores: ArrayLike<number>; threshold: number }[];
  /** alarm events per detector on the test span (epoch ms, end exclusive), with the incident `matchIncidents` gave each */
  alarms: {
    detector: string;
    start: number;
    end: number;
    windows: number;
    incidentId: string | null;
    incidentKind: string | null;
    incidentPhase: MatchPhase | null;
  }[];
}

const num = (v: number) => (Number.isFinite(v) ? String(v) : 'NULL');
const list = (values: ArrayLike<number>) => `[${Array.from(values, num).join(',')}]::DOUBLE[]`;
const ts = (values: ArrayLike<number>) => `list_transform(${list(values)}, x -> make_timestamp(CAST(x * 1000 AS BIGINT)))`;

function resultTablesSql(r: ResultTables): string[] {
  const n = r.starts.length;
  if (r.X.length !== n) throw new Error(`features: ${r.X.length} rows for ${n} windows`);
  const out = ['DROP TABLE IF EXISTS features', 'DROP TABLE IF EXISTS scores', 'DROP TABLE IF EXISTS alarms'];
  const cols = r.features.map((f, j) => `unnest(${list(Array.from(r.X, (row) => row[j]))}) AS ${ident(f)}`);
  out.push(`CREATE TABLE features AS SELECT unnest(${ts(r.starts)}) AS ts${cols.map((c) => `, ${c}`).join('')}`);
  out.push('CREATE TABLE scores (ts TIMESTAMP, detector VARCHAR, score DOUBLE, threshold DOUBLE, alarm BOOLEAN, span VARCHAR)');
  const spans = `[${Array.from({ length: n }, (_, i) => (i < r.testStart ? "'train'" : "'test'")).join(',')}]`;
  for (const d of r.detectors) {
    if (d.scores.length !== n) throw new Error(`${d.name}: ${d.scores.length} scores for ${n} windows`);
    out.push(
      `INSERT INTO scores SELECT ts, ${sqlString(d.name)}, score, ${num(d.threshold)}, score >= ${num(d.threshold)}, span FROM (SELECT unnest(${ts(r.starts)}) AS ts, unnest(${list(d.scores)}) AS score, unnest(${spans}) AS span)`,
    );
  }
  out.push('CREATE TABLE alarms (detector VARCHAR, start TIMESTAMP, "end" TIMESTAMP, windows INTEGER, incident_id VARCHAR, incident_kind VARCHAR, incident_phase VARCHAR)');
  if (r.alarms.length > 0) {
    const str = (v: string | null) => (v === null ? 'NULL' : sqlString(v));
    const at = (ms: number) => `make_timestamp(${Math.round(ms * 1000)}::BIGINT)`;
    const values = r.alarms.map((a) => `(${sqlString(a.detector)}, ${at(a.start)}, ${at(a.end)}, ${a.windows}, ${str(a.incidentId)}, ${str(a.incidentKind)}, ${str(a.incidentPhase)})`);
    out.push(`INSERT INTO alarms VALUES ${values.join(', ')}`);
  }
  return out;
}

export async function writeResults(db: Db, r: ResultTables): Promise<void> {
  for (const sql of resultTablesSql(r)) await db.exec(sql);
}
