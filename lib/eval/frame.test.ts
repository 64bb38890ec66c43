import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../engine/db';
import { openNative } from '../engine/native';
import { createSchema } from '../engine/schema';
import { loadFeaturesChecked, windowCount } from './frame';

describe('feature frames', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNative();
    await createSchema(db);
  });
  afterAll(() => db.close());

  it('refuses an empty engine with a reason', async () => {
    await expect(loadFeaturesChecked(db, 60, ['metric_mean:cpu'])).rejects.toThrow('no timestamped rows are loaded');
  });

  it('counts filled windows and builds the frame inside the limit', async () => {
    await db.exec(`INSERT INTO metrics VALUES ('2024-01-01 00:00:30', 'm.csv', 'cpu', 10), ('2024-01-01 00:05:10', 'm.csv', 'cpu', 30)`);
    expect(await windowCount(db, 60)).toMatchObject({ windows: 6 });
    const frame = await loadFeaturesChecked(db, 60, ['metric_mean:cpu']);
    expect(frame.starts.length).toBe(6);
    // a gauge keeps its last value through windows without samples
    expect(frame.X.map((r) => r[0])).toEqual([10, 10, 10, 10, 10, 30]);
  });

  it('refuses a span that would make too many windows, saying which window would fit', async () => {
    await db.exec(`INSERT INTO metrics VALUES ('2026-01-01 00:00:00', 'm.csv', 'cpu', 20)`);
    await expect(loadFeaturesChecked(db, 60, ['metric_mean:cpu'])).rejects.toThrow(/spans 731\.0 days \(2024-01-01 → 2026-01-01\): 1,052,641 windows of 60 s, more than the 200,000 .* at least 6 min/);
    // a larger window fits
    expect((await loadFeaturesChecked(db, 3600, ['metric_mean:cpu'])).starts.length).toBe(17_545);
  });
});
