import { describe, expect, it } from 'vitest';
import { chartPoints } from './series';

describe('chartPoints', () => {
  it('keeps every window when they fit, as Date/value rows', () => {
    const pts = chartPoints(Float64Array.from([0, 60_000, 120_000]), Float64Array.from([1, NaN, 3]));
    expect(pts).toEqual([
      { t: new Date(0), s: 1 },
      { t: new Date(120_000), s: 3 },
    ]);
  });

  it('thins long series but keeps a one-window spike and a dip', () => {
    const n = 10_000;
    const v = Float64Array.from({ length: n }, (_, i) => (i === 4321 ? 100 : i === 777 ? -5 : 1));
    const pts = chartPoints(Float64Array.from({ length: n }, (_, i) => i * 60_000), v, 200);
    expect(pts.length).toBeLessThanOrEqual(200);
    expect(Math.max(...pts.map((p) => p.s))).toBe(100);
    expect(Math.min(...pts.map((p) => p.s))).toBe(-5);
  });
});
