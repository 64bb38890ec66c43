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
import { windowFrame } from './window-rows';

/** Columns DuckDB may give a numeric feature column (read_csv sniffs integers and decimals too). */
const NUMERIC = /^(DOUBLE|FLOAT|REAL|DECIMAL.*|BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT)$/;

/** The frame and window length (s) of the window table in DuckDB relation `relation` (a table or a `read_…(…)` call); `label` names it in errors. */
export async function readWindowTable(db: Db, relation: string, label: string): Promise<{ frame: FeatureFrame; windowSec: number }> {
  const cols = await db.query(`DESCRIBE SELECT * FROM ${relation}`);
  const tsCol = cols.find((c) => c.column_name === 'ts');
  if (!tsCol) throw new Error(`${label}: no column "ts" (each window's start); columns: ${cols.map((c) => c.column_name).join(', ')}`);
  if (!String(tsCol.column_type).startsWith('TIMESTAMP')) throw new Error(`${label}: column "ts" is ${tsCol.column_type}, not a timestamp`);
  const features = cols.filter((c) => c.column_name !== 'ts').map((c) => String(c.column_name));
  for (const c of cols) {
    if (c.column_name !== 'ts' && !NUMERIC.test(String(c.column_type))) throw new Error(`${label}: column "${c.column_name}" is ${c.column_type}, not numeric`);
  }
  const rows = await db.query(`SELECT epoch_ms(ts) AS ts, ${features.map((f) => `CAST(${ident(f)} AS DOUBLE) AS ${ident(f)}`).join(', ')} FROM ${relation}`);
  return windowFrame(label, features, rows.map((r) => (r.ts === null ? null : Number(r.ts))), (k, j) => rows[k]![features[j]!]);
}
