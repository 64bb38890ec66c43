import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { openNative } from '../db/native';
import { createSchema } from '../db/schema';
import { loadFeatures, loadFeaturesChecked, windowCount } from './frame';
import { timeSplit } from '../metrics/split';

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

describe('the training span of a frame', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNative();
    await createSchema(db);
  });
  afterAll(() => db.close());

  it('is the evaluation split of the data span unless given, recorded in the frame', async () => {
    expect((await loadFeatures(db, 60, ['requests'])).fitUntilMs).toBeNull();
    await db.exec(`INSERT INTO metrics VALUES ('2024-01-01 00:00:30', 'web-1', 'cpu', 10), ('2024-01-01 00:05:10', 'web-1', 'cpu', 30)`);
    const t0 = Date.UTC(2024, 0, 1);
    // six windows 00:00 … 00:05; half the span ends at 00:03, a 0.3 share (cut 00:01:48) at the window 00:02
    const half = await loadFeatures(db, 60, ['metric_resid_tod_max:cpu']);
    expect(half.fitUntilMs).toBe(t0 + 3 * 60_000);
    expect(half.fitUntilMs).toBe(timeSplit(Array.from(half.starts), 60_000, 0.5).splitTime);
    expect((await loadFeaturesChecked(db, 60, ['requests'], { trainFraction: 0.3 })).fitUntilMs).toBe(t0 + 2 * 60_000);
    expect((await loadFeaturesChecked(db, 60, ['requests'], { fitUntilMs: t0 + 60_000, trainFraction: 0.3 })).fitUntilMs).toBe(t0 + 60_000);
    await expect(loadFeatures(db, 60, ['requests'], { trainFraction: 1.5 })).rejects.toThrow('invalid trainFraction: 1.5');
  });
});
