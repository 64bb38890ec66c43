import { describe, expect, it } from 'vitest';
import { rankAverage, scaledRanks } from './ensemble';

const f = (...v: number[]) => Float64Array.from(v);

describe('scaledRanks', () => {
  it('maps lowest to 0, highest to 1, evenly between', () => {
    // sorted: 1 (i=3), 2 (i=1), 5 (i=0), 9 (i=2) → ranks 0, 1/3, 2/3, 1
    expect(Array.from(scaledRanks(f(5, 2, 9, 1)))).toEqual([2 / 3, 1 / 3, 1, 0]);
  });
  it('gives ties the mean of the ranks they span', () => {
    // 0-based ranks of [3, 1, 3, 3, 0]: 0 → 0, 1 → 1, the three 3s share (2+3+4)/3 = 3; /4
    expect(Array.from(scaledRanks(f(3, 1, 3, 3, 0)))).toEqual([0.75, 0.25, 0.75, 0.75, 0]);
  });
  it('handles one window, all-equal scores and infinities', () => {
    expect(Array.from(scaledRanks(f(7)))).toEqual([0.5]);
    expect(Array.from(scaledRanks(f(2, 2, 2)))).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(scaledRanks(f(Infinity, 0, Infinity)))).toEqual([0.75, 0, 0.75]);
  });
});

describe('rankAverage', () => {
  it('averages scaled ranks across detectors', () => {
    // a: ranks [0, 0.5, 1]; b (reversed, different units): [1, 0.5, 0] → mean 0.5 each
    expect(Array.from(rankAverage([f(0.1, 0.2, 0.3), f(300, 200, 100)]))).toEqual([0.5, 0.5, 0.5]);
    // a: [0, 0.5, 1]; c: ties on the first two → [0.25, 0.25, 1] → [0.125, 0.375, 1]
    expect(Array.from(rankAverage([f(1, 2, 3), f(0, 0, 10)]))).toEqual([0.125, 0.375, 1]);
  });
  it('rejects empty input, mismatched lengths and NaN, naming the culprit', () => {
    expect(() => rankAverage([])).toThrow(/no score arrays/);
    expect(() => rankAverage([f(1, 2), f(1)])).toThrow(/array 1 has 1 windows, expected 2/);
    expect(() => rankAverage([f(1, NaN)])).toThrow(/NaN score at array 0, window 1/);
  });
});
