import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { openNative } from '../db/native';
import { readWindowTable } from './window-table';

const T = Date.UTC(2024, 2, 10);

describe('readWindowTable', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNative();
  });
  afterAll(async () => {
    await db.close();
  });

  const table = async (rows: string) => {
    await db.exec(`CREATE OR REPLACE TABLE w AS SELECT * FROM (VALUES ${rows}) v(ts, requests, "d:p90_ms")`);
    return readWindowTable(db, 'w', 'w.csv');
  };
  const ts = (min: number) => `make_timestamp(${(T + min * 60_000) * 1000}::BIGINT)`;

  it('reads windows, features and the window length', async () => {
    const { frame, windowSec } = await table(`(${ts(0)}, 4, 0.5::DOUBLE), (${ts(1)}, 0, -1.25), (${ts(2)}, 7, 2)`);
    expect(windowSec).toBe(60);
    expect(frame.features).toEqual(['requests', 'd:p90_ms']);
    expect(Array.from(frame.starts)).toEqual([T, T + 60_000, T + 120_000]);
    expect(frame.X.map((r) => Array.from(r))).toEqual([[4, 0.5], [0, -1.25], [7, 2]]);
    expect(frame.fitUntilMs).toBeNull();
  });

  it('names the row of a missing window', async () => {
    await expect(table(`(${ts(0)}, 4, 0.5::DOUBLE), (${ts(1)}, 0, 1), (${ts(3)}, 7, 2)`)).rejects.toThrow(/^w\.csv: row 4: ts 2024-03-10T00:03:00\.000Z is not one window \(60 s\) after/);
  });

  it('names the row and column of an empty value', async () => {
    await expect(table(`(${ts(0)}, 4, 0.5::DOUBLE), (${ts(1)}, NULL, 1)`)).rejects.toThrow('w.csv: row 3: requests is empty, not a finite number');
  });

  it('refuses a table without ts, a text column, or windows of a fraction of a second', async () => {
    await db.exec('CREATE OR REPLACE TABLE v AS SELECT 1.0 AS requests');
    await expect(readWindowTable(db, 'v', 'v.csv')).rejects.toThrow('v.csv: no column "ts"');
    await db.exec(`CREATE OR REPLACE TABLE v AS SELECT ${ts(0)} AS ts, 'x' AS host`);
    await expect(readWindowTable(db, 'v', 'v.csv')).rejects.toThrow('v.csv: column "host" is VARCHAR, not numeric');
    await expect(table(`(${ts(0)}, 4, 0.5::DOUBLE), (${ts(0.001)}, 0, 1)`)).rejects.toThrow(/windows 60 ms apart/);
  });
});
