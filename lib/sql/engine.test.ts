// The SQL cell's statements against a real, locked-down DuckDB (native; the browser runs the same SQL on duckdb-wasm).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNative, type NativeDb } from '../engine/native';
import { lockDown } from '../engine/security';
import { RESULT_LIMIT, TABLES_SQL, describeSql, limitRows, prepareQuery, userErrorMessage } from './statement';
import { resultColumns } from './columns';

let db: NativeDb;
beforeAll(async () => {
  db = await openNative(':memory:', { threads: 2 });
  await db.exec("CREATE TABLE big AS SELECT range AS i, TIMESTAMP '2024-01-01' + to_seconds(range) AS ts FROM range(150000)");
  await lockDown(db);
});
afterAll(() => db.close());

async function run(text: string) {
  const p = prepareQuery(text);
  if (!p.ok) throw new Error(p.message);
  try {
    return limitRows(await db.query(p.sql));
  } catch (e) {
    throw new Error(userErrorMessage((e as Error).message, p.body), { cause: e });
  }
}

describe('SQL cell statements on DuckDB', () => {
  it('cuts a large result at the limit and keeps the query’s order', async () => {
    const r = await run('SELECT i FROM big ORDER BY i DESC;');
    expect(r.truncated).toBe(true);
    expect(r.rows.length).toBe(RESULT_LIMIT);
    expect(r.rows[0]).toEqual({ i: 149999 });
    expect(r.rows.at(-1)).toEqual({ i: 150000 - RESULT_LIMIT });
  });

  it('returns a small result whole', async () => {
    const r = await run('SELECT count(*) AS n FROM big -- all');
    expect(r).toEqual({ rows: [{ n: 150000 }], truncated: false });
  });

  it('describes column names and types in query order, duplicates renamed', async () => {
    const p = prepareQuery('SELECT ts, i AS "2", i AS "2", DATE \'2024-01-02\' AS d FROM big LIMIT 1');
    if (!p.ok) throw new Error(p.message);
    const described = (await db.query(describeSql(p.body))).map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    expect(described).toEqual([
      { name: 'ts', type: 'TIMESTAMP' },
      { name: '2', type: 'BIGINT' },
      { name: '2_1', type: 'BIGINT' },
      { name: 'd', type: 'DATE' },
    ]);
    const rows = await db.query(p.sql);
    expect(resultColumns(rows, described).map((c) => c.kind)).toEqual(['timestamp', 'number', 'number', 'date']);
  });

  it('shows DuckDB’s message with the user’s line numbers', async () => {
    await expect(run('SELECT 1,\n  nope FROM big')).rejects.toThrow(/Referenced column "nope" not found[\s\S]*LINE 2: {3}nope FROM big\n {10}\^/);
  });

  it('refuses to read a URL once the engine is locked down', async () => {
    await expect(run("SELECT * FROM read_csv('https://example.com/x.csv')")).rejects.toThrow(/disabled by configuration/);
  });

  it('lists the tables that exist', async () => {
    expect((await db.query(TABLES_SQL)).map((r) => r.table_name)).toContain('big');
  });
});
