/**
 * What an SQL cell gets from the engine, as the worker runs it (runReadOnly), against one Db
 * adapter; engine.test.ts runs it on native DuckDB and on duckdb-wasm.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { createSchema } from '../db/schema';
import { lockDown } from '../db/security';
import { resultColumns } from './columns';
import { NOT_A_QUERY, runReadOnly } from './readonly';
import { FETCH_LIMIT, RESULT_LIMIT, TABLES_SQL, describeSql, limitRows } from './statement';

export function defineSqlSuite(label: string, open: () => Promise<Db>): void {
  describe(`SQL cells on ${label}`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await open();
      await createSchema(db);
      await db.exec("CREATE TABLE big AS SELECT range AS i, TIMESTAMP '2024-01-01' + to_seconds(range) AS ts FROM range(150000)");
      await lockDown(db);
    });
    afterAll(async () => db?.close());

    const cell = async (text: string) => limitRows(await runReadOnly(db, text, { limit: FETCH_LIMIT }));

    it('cuts a large result at the limit and keeps the query’s order', async () => {
      const r = await cell('SELECT i FROM big ORDER BY i DESC;');
      expect(r.truncated).toBe(true);
      expect(r.rows.length).toBe(RESULT_LIMIT);
      expect(r.rows[0]).toEqual({ i: 149999 });
      expect(r.rows.at(-1)).toEqual({ i: 150000 - RESULT_LIMIT });
    });

    it('returns a small result whole, trailing comment and all', async () => {
      expect(await cell('SELECT count(*) AS n FROM big -- all')).toEqual({ rows: [{ n: 150000 }], truncated: false });
    });

    it('describes column names and types in query order, duplicates renamed', async () => {
      const text = 'SELECT ts, i AS "2", i AS "2", DATE \'2024-01-02\' AS d FROM big LIMIT 1';
      const described = (await runReadOnly(db, describeSql(text))).map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
      expect(described).toEqual([
        { name: 'ts', type: 'TIMESTAMP' },
        { name: '2', type: 'BIGINT' },
        { name: '2_1', type: 'BIGINT' },
        { name: 'd', type: 'DATE' },
      ]);
      const { rows } = await cell(text);
      expect(resultColumns(rows, described).map((c) => c.kind)).toEqual(['timestamp', 'number', 'number', 'date']);
    });

    it('shows DuckDB’s message without a pointer into the wrapper', async () => {
      const err = await cell('SELECT 1,\n  nope FROM big').catch((e: Error) => e.message);
      expect(err).toMatch(/^Binder Error: Referenced column "nope" not found/);
      expect(err).not.toMatch(/LINE \d|query\(/);
    });

    it('refuses statements that are not one query, in DuckDB’s judgement', async () => {
      await expect(cell('DROP TABLE big')).rejects.toThrow(NOT_A_QUERY);
      await expect(cell('SELECT 1; SELECT 2')).rejects.toThrow(NOT_A_QUERY);
      expect(await cell('SELECT count(*) AS n FROM big')).toEqual({ rows: [{ n: 150000 }], truncated: false });
    });

    it('refuses to read a URL once the engine is locked down', async () => {
      await expect(cell("SELECT * FROM read_csv('https://example.com/x.csv')")).rejects.toThrow(/disabled by configuration/);
    });

    it('lists the tables that exist', async () => {
      expect((await runReadOnly(db, TABLES_SQL)).map((r) => r.table_name)).toContain('big');
    });

    it('runs every read-only query form', async () => {
      for (const q of [
        'with x as (select 1 AS a) select * from x',
        'FROM big LIMIT 1',
        'VALUES (1)',
        'TABLE big LIMIT 1',
        'DESCRIBE big',
        'SHOW TABLES',
        'SUMMARIZE big',
        '(SELECT 1 AS a) UNION (SELECT 2)',
        '/* c */ select 1',
        'PIVOT (SELECT i % 2 AS k, i FROM big WHERE i < 10) ON k IN (0, 1) USING count(*)',
        'UNPIVOT (SELECT 1 AS a, 2 AS b) ON a, b INTO NAME k VALUE v',
        'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT * FROM t',
        'SELECT i, row_number() OVER (PARTITION BY i % 3 ORDER BY ts) AS rn FROM big WHERE i < 30 QUALIFY rn < 3',
        'SELECT * FROM big USING SAMPLE 10 ROWS',
        'SELECT i % 5 AS k, count(*) FROM big GROUP BY GROUPING SETS ((k), ())',
        'SELECT * FROM range(3) r, LATERAL (SELECT r.range * 2 AS d)',
        'SELECT * FROM generate_series(1, 3) UNION ALL BY NAME SELECT 4 AS generate_series',
        'FROM unnest([1, 2])',
        "SELECT * FROM query_table('big') LIMIT 1",
        "SELECT name FROM pragma_table_info('big')",
        'SELECT table_name FROM duckdb_tables()',
      ]) {
        const r = await cell(q).catch((e: Error) => e);
        expect(r, q).not.toBeInstanceOf(Error);
      }
    });
  });
}
