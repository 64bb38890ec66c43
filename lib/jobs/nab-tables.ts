/**
 * A NAB series and its windows as DuckDB tables, so SQL cells can query them and the page reads
 * the exact numbers back for the NAB run:
 * - nab_series  (row BIGINT, ts TIMESTAMP, value DOUBLE): the file's rows in file order (NAB files
 *   can repeat an hour at a DST change, so `row` keeps the order the scorer reads them in)
 * - nab_windows (window_index INTEGER, start TIMESTAMP, "end" TIMESTAMP, file VARCHAR): the
 *   windows, both ends inclusive as NAB scores them; `file` is NAB's key of the series
 */
import type { Db } from '../db/db';
import { sqlString } from '../db/schema';
import type { NabDataFile } from '../eval/nab-run';

const NAB_TABLES = ['nab_series', 'nab_windows'] as const;

/** Rows per INSERT statement (a NAB file has at most ~23 k rows). */
const ROWS_PER_STATEMENT = 2000;

const ts = (ms: number) => `make_timestamp(${Math.round(ms * 1000)}::BIGINT)`;

/** Replaces both tables with this series (a source that is not a NAB series drops them: dropNabTables). */
export async function writeNabTables(db: Db, file: NabDataFile): Promise<void> {
  if (file.timestamps.length !== file.values.length) throw new Error(`${file.name}: ${file.timestamps.length} timestamps but ${file.values.length} values`);
  await dropNabTables(db);
  await db.exec('CREATE TABLE nab_series ("row" BIGINT, ts TIMESTAMP, value DOUBLE); CREATE TABLE nab_windows (window_index INTEGER, start TIMESTAMP, "end" TIMESTAMP, file VARCHAR);');
  for (let at = 0; at < file.values.length; at += ROWS_PER_STATEMENT) {
    const rows: string[] = [];
    for (let i = at; i < Math.min(file.values.length, at + ROWS_PER_STATEMENT); i++) {
      const v = file.values[i]!;
      if (!Number.isFinite(v)) throw new Error(`${file.name}: row ${i + 1}: value ${v} is not a finite number`);
      // a double's shortest round-trip text, so DuckDB holds the exact value the scorer reads
      rows.push(`(${i}, ${ts(file.timestamps[i]!)}, ${String(v)}::DOUBLE)`);
    }
    await db.exec(`INSERT INTO nab_series VALUES ${rows.join(', ')};`);
  }
  if (file.windows.length > 0) {
    const rows = file.windows.map((w, k) => `(${k}, ${ts(w.start)}, ${ts(w.end)}, ${sqlString(file.name)})`);
    await db.exec(`INSERT INTO nab_windows VALUES ${rows.join(', ')};`);
  }
}

export async function dropNabTables(db: Db): Promise<void> {
  await db.exec(NAB_TABLES.map((t) => `DROP TABLE IF EXISTS main.${t};`).join('\n'));
}

/** The series the engine holds (rows in file order), or null when the source is not a NAB series. */
export async function readNabSeries(db: Db): Promise<{ timestamps: number[]; values: number[] } | null> {
  const exists = await db.query(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'nab_series'`);
  if (Number(exists[0]?.n) !== 1) return null;
  const rows = await db.query('SELECT epoch_ms(ts) AS t, value FROM nab_series ORDER BY "row"');
  return { timestamps: rows.map((r) => Number(r.t)), values: rows.map((r) => Number(r.value)) };
}
