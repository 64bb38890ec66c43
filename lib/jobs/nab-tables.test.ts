import { describe, expect, it } from 'vitest';
import { openWasmNode } from '../db/wasm-node';
import { createSchema } from '../db/schema';
import { dropNabTables, readNabSeries, writeNabTables } from './nab-tables';

describe('NAB tables', () => {
  it('hold the series in file order with exact values, and the windows; dropping them reads as no series', async () => {
    const db = await openWasmNode();
    try {
      await createSchema(db);
      expect(await readNabSeries(db)).toBeNull();
      // a repeated hour (DST) and values whose decimal text is not short
      const file = { name: "realX/o'k.csv", timestamps: [3_600_000, 7_200_000, 3_600_000], values: [0.1 + 0.2, -1e-300, 123456789.12345679], windows: [{ start: 3_600_000, end: 7_200_000 }] };
      await writeNabTables(db, file);
      expect(await readNabSeries(db)).toEqual({ timestamps: file.timestamps, values: file.values });
      expect(await db.query('SELECT window_index, epoch_ms(start) AS s, epoch_ms("end") AS e, file FROM nab_windows')).toEqual([{ window_index: 0, s: 3_600_000, e: 7_200_000, file: "realX/o'k.csv" }]);
      await dropNabTables(db);
      expect(await readNabSeries(db)).toBeNull();
    } finally {
      await db.close();
    }
  });

  it('refuses a value that is not finite, naming the row', async () => {
    const db = await openWasmNode();
    try {
      await expect(writeNabTables(db, { name: 'k', timestamps: [0, 1], values: [1, NaN], windows: [] })).rejects.toThrow('k: row 2: value NaN is not a finite number');
    } finally {
      await db.close();
    }
  });
});
