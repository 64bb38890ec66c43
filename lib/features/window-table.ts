/**
 * A window table made elsewhere (`harbinger features --out`, a ClickHouse or Spark job) as the
 * feature frame the detectors read: column `ts` (each window's start, a TIMESTAMP) and one numeric
 * column per feature, one row per window, in time order, evenly spaced, none missing. Read from a
 * DuckDB relation (the CLI's read_csv / read_parquet of the file), refused with the file, row and
 * reason when it is not such a table. The features' baselines were fitted by whoever made the
 * table, so the frame carries no fit end (fitUntilMs null): the evaluation cannot check it.
 */
import type { Db } from '../db/db';
import type { FeatureFrame } from '../eval/frame';
import { ident } from './sql';

/** Columns DuckDB may give a numeric feature column (read_csv sniffs integers and decimals too). */
const NUMERIC = /^(DOUBLE|FLOAT|REAL|DECIMAL.*|BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT)$/;

/** Most features a window table may carry (a detector's input width). */
const MAX_FEATURES = 500;

/** The frame and window length (s) of the window table in DuckDB relation `relation` (a table or a `read_…(…)` call); `label` names it in errors. */
export async function readWindowTable(db: Db, relation: string, label: string): Promise<{ frame: FeatureFrame; windowSec: number }> {
  const cols = await db.query(`DESCRIBE SELECT * FROM ${relation}`);
  const tsCol = cols.find((c) => c.column_name === 'ts');
  if (!tsCol) throw new Error(`${label}: no column "ts" (each window's start); columns: ${cols.map((c) => c.column_name).join(', ')}`);
  if (!String(tsCol.column_type).startsWith('TIMESTAMP')) throw new Error(`${label}: column "ts" is ${tsCol.column_type}, not a timestamp`);
  const features = cols.filter((c) => c.column_name !== 'ts').map((c) => String(c.column_name));
  if (features.length === 0) throw new Error(`${label}: no feature columns besides "ts"`);
  if (features.length > MAX_FEATURES) throw new Error(`${label}: ${features.length} feature columns, more than ${MAX_FEATURES}`);
  for (const c of cols) {
    if (c.column_name !== 'ts' && !NUMERIC.test(String(c.column_type))) throw new Error(`${label}: column "${c.column_name}" is ${c.column_type}, not numeric`);
  }
  const rows = await db.query(`SELECT epoch_ms(ts) AS ts, ${features.map((f) => `CAST(${ident(f)} AS DOUBLE) AS ${ident(f)}`).join(', ')} FROM ${relation}`);
  if (rows.length < 2) throw new Error(`${label}: ${rows.length} window(s); at least 2 are needed`);
  const starts = new Float64Array(rows.length);
  const X: Float64Array[] = [];
  // rows are named as a person counts them in the file: the header is row 1
  for (const [k, r] of rows.entries()) {
    if (r.ts === null) throw new Error(`${label}: row ${k + 2}: ts is empty`);
    starts[k] = Number(r.ts);
    const x = new Float64Array(features.length);
    for (const [j, f] of features.entries()) {
      const v = r[f];
      if (v === null || !Number.isFinite(Number(v))) throw new Error(`${label}: row ${k + 2}: ${f} is ${v === null ? 'empty' : String(v)}, not a finite number`);
      x[j] = Number(v);
    }
    X.push(x);
  }
  const step = starts[1] - starts[0];
  const windowSec = step / 1000;
  if (!(Number.isInteger(windowSec) && windowSec >= 10 && windowSec <= 3600)) throw new Error(`${label}: windows ${step} ms apart (rows 2–3); a window is 10 s to 1 h, whole seconds`);
  for (let k = 1; k < starts.length; k++) {
    if (starts[k] - starts[k - 1] !== step) {
      throw new Error(`${label}: row ${k + 2}: ts ${new Date(starts[k]).toISOString()} is not one window (${windowSec} s) after the row before: windows must be in order, evenly spaced, none missing`);
    }
  }
  return { frame: { starts, features, X, fitUntilMs: null }, windowSec };
}
