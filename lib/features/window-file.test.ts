import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openNative, type NativeDb } from '../db/native';
import { readWindowTable } from './window-table';
import { parseStamp, readWindowTableFile } from './window-file';

const enc = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer;
const bytesOf = (file: string) => {
  const b = readFileSync(file);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

const CSV = ['ts,requests,"metric_mean:cpu_pct"', '2026-01-05 00:00:00,2.0,29.53333333333333', '2026-01-05 00:01:00,4,0.10000000000000142', '2026-01-05 00:02:00,0.0,1e-3', ''].join('\n');

describe('readWindowTableFile (the browser reader)', () => {
  let dir: string;
  let db: NativeDb;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'harbinger-wf-'));
    db = await openNative(':memory:', { threads: 1 });
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a CSV window table as the CLI does (DuckDB read_csv)', async () => {
    const file = path.join(dir, 'w.csv');
    writeFileSync(file, CSV);
    const mine = await readWindowTableFile('w.csv', enc(CSV));
    const cli = await readWindowTable(db, `read_csv('${file}')`, 'w.csv');
    expect(mine.windowSec).toBe(60);
    expect(mine.frame.features).toEqual(['requests', 'metric_mean:cpu_pct']);
    expect(mine.frame.features).toEqual(cli.frame.features);
    expect([...mine.frame.starts]).toEqual([...cli.frame.starts]);
    expect(mine.frame.X.map((x) => [...x])).toEqual(cli.frame.X.map((x) => [...x]));
    expect(mine.frame.X[1]![1]).toBe(0.10000000000000142);
  });

  it('reads a Parquet window table as the CLI does (DuckDB read_parquet)', async () => {
    const csv = path.join(dir, 'p.csv');
    const pq = path.join(dir, 'p.parquet');
    writeFileSync(csv, CSV);
    await db.exec(`COPY (SELECT * FROM read_csv('${csv}')) TO '${pq}' (FORMAT parquet)`);
    const mine = await readWindowTableFile('p.parquet', bytesOf(pq));
    const cli = await readWindowTable(db, `read_parquet('${pq}')`, 'p.parquet');
    expect(mine.windowSec).toBe(60);
    expect([...mine.frame.starts]).toEqual([...cli.frame.starts]);
    expect(mine.frame.X.map((x) => [...x])).toEqual(cli.frame.X.map((x) => [...x]));
  });

  it('refuses irregular spacing, naming the row', async () => {
    const gap = CSV.replace('2026-01-05 00:02:00', '2026-01-05 00:03:00');
    await expect(readWindowTableFile('gap.csv', enc(gap))).rejects.toThrow(/^gap\.csv: row 4: ts 2026-01-05T00:03:00\.000Z is not one window \(60 s\) after the row before/);
  });

  it('refuses a cell that is not a number, an empty cell and a bad timestamp, with the row', async () => {
    await expect(readWindowTableFile('a.csv', enc(CSV.replace('4,', 'lots,')))).rejects.toThrow('a.csv: row 3: requests is lots, not a finite number');
    await expect(readWindowTableFile('b.csv', enc(CSV.replace('4,', ',')))).rejects.toThrow('b.csv: row 3: requests is empty, not a finite number');
    await expect(readWindowTableFile('c.csv', enc(CSV.replace('2026-01-05 00:01:00', 'yesterday')))).rejects.toThrow('c.csv: row 3: ts is "yesterday", not a timestamp');
    await expect(readWindowTableFile('d.csv', enc('time,x\n1,2\n'))).rejects.toThrow('d.csv: no column "ts"');
    await expect(readWindowTableFile('e.parquet', enc('not parquet at all'))).rejects.toThrow(/^e\.parquet: not a Parquet file/);
  });

  it('reads quoted fields with commas, doubled quotes and CRLF line ends', async () => {
    const quoted = ['ts,"route_p90_max","odd, ""name"""', '"2026-01-05 00:00:00",1,2', '2026-01-05 00:01:00,"3",4', ''].join('\r\n');
    const t = await readWindowTableFile('q.csv', enc(quoted));
    expect(t.frame.features).toEqual(['route_p90_max', 'odd, "name"']);
    expect(t.frame.X.map((x) => [...x])).toEqual([[1, 2], [3, 4]]);
  });

  it('refuses a row with the wrong number of fields and an unclosed quote, with the row', async () => {
    await expect(readWindowTableFile('f.csv', enc(CSV.replace('2.0,', '2.0,7,')))).rejects.toThrow('f.csv: row 2: 4 fields, the header has 3');
    await expect(readWindowTableFile('g.csv', enc(CSV.replace('4,0.1', '"4,0.1')))).rejects.toThrow(/^g\.csv: row 3: .*quote/i);
  });

  it('parses DuckDB timestamps as UTC', () => {
    expect(parseStamp('2026-01-05 00:01:00')).toBe(Date.UTC(2026, 0, 5, 0, 1));
    expect(parseStamp('2026-01-05T00:01:00.250Z')).toBe(Date.UTC(2026, 0, 5, 0, 1, 0, 250));
    expect(parseStamp('05/01/2026')).toBeNaN();
  });
});
