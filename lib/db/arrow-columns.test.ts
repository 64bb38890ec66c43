import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWasmNode } from './wasm-node';
import type { WasmDb } from './wasm';

// the same result read as rows and as columns: every cell equal (NULL → NaN / null)
describe('queryColumns (duckdb-wasm, Arrow read as columns)', () => {
  let db: WasmDb;
  beforeAll(async () => {
    db = await openWasmNode();
    await db.exec(`CREATE TYPE mood AS ENUM ('calm', 'busy')`);
    await db.exec(`CREATE TABLE t (i INTEGER, b BIGINT, d DOUBLE, s VARCHAR, e mood)`);
    await db.exec(`INSERT INTO t VALUES
      (1, 9007199254740991, 0.1, '10.0.0.1', 'calm'),
      (NULL, NULL, NULL, NULL, NULL),
      (-7, -3, -2.5e300, 'Mozilla/5.0 (X11)', 'busy'),
      (0, 0, 'NaN'::DOUBLE, '', 'calm')`);
  });
  afterAll(() => db.close());

  const cell = (v: unknown) => (v === null ? null : v);
  const asNumber = (v: unknown) => (v === null ? NaN : Number(v));

  it('gives the rows path\'s values, column by column', async () => {
    const sql = 'SELECT * FROM t';
    const rows = await db.query(sql);
    const { length, columns } = await db.queryColumns(sql);
    expect(length).toBe(4);
    for (const name of ['i', 'b', 'd']) {
      expect(columns[name]).toBeInstanceOf(Float64Array);
      expect(Array.from(columns[name] as Float64Array)).toEqual(rows.map((r) => asNumber(r[name])));
    }
    for (const name of ['s', 'e']) expect(columns[name]).toEqual(rows.map((r) => cell(r[name])));
  });

  it('decodes text that is not ASCII row by row', async () => {
    const sql = `SELECT * FROM (VALUES ('naïve'), ('ascii'), (NULL), ('日本'), ('x')) v(s)`;
    const rows = await db.query(sql);
    const { columns } = await db.queryColumns(sql);
    expect(columns.s).toEqual(rows.map((r) => r.s));
    expect(columns.s).toEqual(['naïve', 'ascii', null, '日本', 'x']);
  });

  it('reads a result of several record batches in order', async () => {
    const sql = 'SELECT range AS n, range::VARCHAR AS s FROM range(300000)';
    const { length, columns } = await db.queryColumns(sql);
    expect(length).toBe(300_000);
    const n = columns.n as Float64Array;
    expect(n[0]).toBe(0);
    expect(n[299_999]).toBe(299_999);
    expect((columns.s as string[])[123_456]).toBe('123456');
    expect(n.every((v, k) => v === k)).toBe(true);
  });

  it('refuses a type it cannot hold as a number or text, naming the column', async () => {
    await expect(db.queryColumns('SELECT true AS flag')).rejects.toThrow('"flag"');
  });
});
