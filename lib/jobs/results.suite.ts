/**
 * The result tables written through the adapters' columnar insert, run against every Db adapter
 * (wasm.test.ts, native.test.ts). The golden holds the rows the earlier SQL-literal writer gave
 * (regenerate only on purpose): the same rows, NULLs and column types, after a run and after a
 * threshold move.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { writeResults, writeThresholds } from './results';
import { MOVED_FIXTURE, RESULTS_FIXTURE, RESULT_ROWS_SQL } from './results.fixture';

const golden = JSON.parse(readFileSync(new URL('./testdata/result-tables.golden.json', import.meta.url), 'utf8')) as Record<'written' | 'moved', Record<string, unknown>>;

async function rows(db: Db): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [k, sql] of Object.entries(RESULT_ROWS_SQL)) out[k] = await db.query(sql);
  return out;
}

export function defineResultsSuite(name: string, open: () => Promise<Db>): void {
  describe(`result tables on ${name}`, () => {
    let db: Db;
    beforeEach(async () => {
      db = await open();
    });
    afterEach(async () => {
      await db.close();
    });

    it('writes the same rows as the SQL-literal writer did (golden)', async () => {
      await writeResults(db, RESULTS_FIXTURE);
      expect(await rows(db)).toEqual(golden.written);
    });

    it('a threshold move updates scores and alarms in place to the rows a full rewrite gave', async () => {
      await writeResults(db, RESULTS_FIXTURE);
      const before = await db.query(RESULT_ROWS_SQL.features);
      await writeThresholds(db, MOVED_FIXTURE);
      expect(await rows(db)).toEqual(golden.moved);
      expect(await db.query(RESULT_ROWS_SQL.features)).toEqual(before);
      // and back: nothing accumulates
      await writeThresholds(db, RESULTS_FIXTURE);
      expect(await rows(db)).toEqual(golden.written);
    });

    it('a new run replaces every table, and leaves no staging table behind', async () => {
      await writeResults(db, RESULTS_FIXTURE);
      const t = RESULTS_FIXTURE.starts[0]!;
      await writeResults(db, { starts: [t], windowMs: 60_000, features: ['requests'], X: [[1]], testStart: 0, detectors: [], alarms: [] });
      expect(await db.query('SELECT (SELECT count(*) FROM features) AS f, (SELECT count(*) FROM scores) AS s, (SELECT count(*) FROM alarms) AS a')).toEqual([{ f: 1, s: 0, a: 0 }]);
      expect(await db.query("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'scores%' ORDER BY 1")).toEqual([{ table_name: 'scores' }]);
    });

    it('refuses columns of the wrong length or kind, naming the column', async () => {
      await db.exec('CREATE TABLE t (a DOUBLE, b VARCHAR)');
      await expect(db.insertColumns('t', [{ name: 'a', type: 'DOUBLE', values: new Float64Array(2) }, { name: 'b', type: 'VARCHAR', values: ['x'] }], 2)).rejects.toThrow(
        'invalid t.b: 1 values for 2 rows',
      );
      await expect(db.insertColumns('t', [{ name: 'a', type: 'DOUBLE', values: [1] as unknown as Float64Array }], 1)).rejects.toThrow('invalid t.a: expected a Float64Array');
      await expect(db.insertColumns('T; DROP', [], 0)).rejects.toThrow('invalid table name');
      await db.insertColumns('t', [{ name: 'a', type: 'DOUBLE', values: new Float64Array([1.5, NaN]) }, { name: 'b', type: 'VARCHAR', values: ['x', null] }], 2);
      expect(await db.query('SELECT * FROM t ORDER BY a NULLS LAST')).toEqual([{ a: 1.5, b: 'x' }, { a: null, b: null }]);
    });
  });
}
