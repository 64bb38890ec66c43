import { describe, expect, it } from 'vitest';
import { correlationMatrix, correlationSteps, frameColumns, pearson } from './correlation';
// the Features cell's chart thinning lives with the cell; its test runs here, where the gate looks
import { extremaPerBucket } from './series';

describe('pearson', () => {
  it('is ±1 for exact linear relations', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBe(1);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBe(-1);
  });

  it('matches hand-computed values', () => {
    // deviations (−1, 0, 1) and (−1, 1, 0): 1 / √(2·2)
    expect(pearson([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.5, 15);
    // deviations (−1.5, −.5, .5, 1.5) and (−1.5, .5, −.5, 1.5): 4 / √(5·5)
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 15);
    // x and x²  on −1, 0, 1: no linear relation at all
    expect(pearson([-1, 0, 1], [1, 0, 1])).toBe(0);
  });

  it('is NaN, not a number made of rounding noise, when a series is constant', () => {
    expect(pearson([5, 5, 5], [1, 2, 3])).toBeNaN();
    expect(pearson([1, 2, 3], [0, 0, 0])).toBeNaN();
    // the mean of ten 0.1s is not exactly 0.1 in binary, so a mean-based check would let noise through
    expect(pearson(Array(10).fill(0.1), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBeNaN();
  });

  it('uses only positions where both values are finite', () => {
    expect(pearson([1, 2, Number.NaN, 3], [2, 4, 100, 6])).toBe(1);
    expect(pearson([1, 2, 3, 4], [2, Number.POSITIVE_INFINITY, 6, 8])).toBe(1);
    // one usable pair is not enough
    expect(pearson([1, Number.NaN], [1, 2])).toBeNaN();
    expect(pearson([], [])).toBeNaN();
  });

  it('refuses series of different lengths', () => {
    expect(() => pearson([1, 2], [1, 2, 3])).toThrow('series differ in length: 2 and 3');
  });
});

describe('correlationMatrix', () => {
  it('is symmetric with a unit diagonal, and marks constant columns NaN on their row and column', () => {
    const m = correlationMatrix([
      [1, 2, 3, 4],
      [1, 3, 2, 4],
      [7, 7, 7, 7],
      [4, 3, 2, 1],
    ]);
    expect(m.map((row) => Array.from(row))).toEqual([
      [1, expect.closeTo(0.8, 15), Number.NaN, -1],
      [expect.closeTo(0.8, 15), 1, Number.NaN, expect.closeTo(-0.8, 15)],
      [Number.NaN, Number.NaN, Number.NaN, Number.NaN],
      [-1, expect.closeTo(-0.8, 15), Number.NaN, 1],
    ]);
  });

  it('gives the same numbers on the fast path (all finite) as pairwise pearson', () => {
    const n = 500;
    const cols = [
      Float64Array.from({ length: n }, (_, i) => Math.sin(i / 7)),
      Float64Array.from({ length: n }, (_, i) => Math.sin(i / 7) + 0.3 * Math.cos(i / 3)),
      Float64Array.from({ length: n }, (_, i) => (i % 11) - 5),
      Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? Number.NaN : i * i)),
    ];
    const m = correlationMatrix(cols);
    for (let i = 0; i < cols.length; i++) {
      for (let j = 0; j < cols.length; j++) expect(m[i][j]).toBeCloseTo(pearson(cols[i], cols[j]), 12);
    }
    // the column with gaps is compared pairwise: its diagonal is still 1
    expect(m[3][3]).toBe(1);
  });

  it('handles no columns and a single window', () => {
    expect(correlationMatrix([])).toEqual([]);
    expect(Array.from(correlationMatrix([[3], [4]])[0])).toEqual([Number.NaN, Number.NaN]);
  });

  it('refuses columns of different lengths', () => {
    expect(() => correlationMatrix([[1, 2, 3], [1, 2]])).toThrow('column 1 has 2 values, expected 3');
  });

  it('computes one row per step', () => {
    const steps = correlationSteps([
      [1, 2, 3],
      [3, 2, 1],
      [1, 3, 2],
    ]);
    const seen: number[] = [];
    let s = steps.next();
    while (!s.done) {
      seen.push(s.value);
      s = steps.next();
    }
    expect(seen).toEqual([0, 1, 2]);
    expect(Array.from(s.value[1])).toEqual([-1, 1, expect.closeTo(-0.5, 15)]);
  });
});

describe('frameColumns', () => {
  it('turns rows into columns', () => {
    const cols = frameColumns([Float64Array.of(1, 10), Float64Array.of(2, 20), Float64Array.of(3, 30)], 2);
    expect(cols.map((c) => Array.from(c))).toEqual([
      [1, 2, 3],
      [10, 20, 30],
    ]);
  });

  it('refuses a row of the wrong width', () => {
    expect(() => frameColumns([Float64Array.of(1, 2), Float64Array.of(3)], 2)).toThrow('row 1 has 1 values, expected 2');
  });
});

describe('extremaPerBucket', () => {
  const starts = (n: number) => Float64Array.from({ length: n }, (_, i) => i * 60_000);

  it('keeps every point when they fit', () => {
    const s = extremaPerBucket(starts(3), Float64Array.of(3, 1, 2), 10);
    expect(Array.from(s.t)).toEqual([0, 60_000, 120_000]);
    expect(Array.from(s.v)).toEqual([3, 1, 2]);
  });

  it('keeps the highest and lowest value of each bucket in time order, so a spike and a drop survive', () => {
    const v = new Float64Array(10).fill(5);
    v[2] = 90; // spike
    v[7] = 0; // outage
    // 4 points → 2 buckets of 5 windows
    const s = extremaPerBucket(starts(10), v, 4);
    expect(Array.from(s.v)).toEqual([5, 90, 5, 0]);
    expect(Array.from(s.t)).toEqual([0, 120_000, 300_000, 420_000]);
  });

  it('stays within maxPoints for long series and keeps a single-window peak', () => {
    const n = 10_080;
    const v = Float64Array.from({ length: n }, (_, i) => i % 7);
    v[5_003] = 1e6;
    const s = extremaPerBucket(starts(n), v, 1000);
    expect(s.v.length).toBeLessThanOrEqual(1000);
    expect(s.v.length).toBeGreaterThan(900);
    expect(Math.max(...s.v)).toBe(1e6);
    expect(s.t[Array.from(s.v).indexOf(1e6)]).toBe(5_003 * 60_000);
    // time order is kept
    expect(Array.from(s.t).every((t, i) => i === 0 || t > s.t[i - 1])).toBe(true);
  });

  it('skips values that are not finite, and buckets that hold nothing else', () => {
    const s = extremaPerBucket(starts(4), Float64Array.of(Number.NaN, 2, Number.NaN, Number.NaN), 2);
    expect(Array.from(s.v)).toEqual([2]);
    expect(Array.from(s.t)).toEqual([60_000]);
  });

  it('refuses a bad point budget and mismatched inputs', () => {
    expect(() => extremaPerBucket(starts(2), Float64Array.of(1, 2), 1)).toThrow('invalid maxPoints: 1');
    expect(() => extremaPerBucket(starts(2), Float64Array.of(1), 10)).toThrow('2 window starts for 1 values');
  });
});
