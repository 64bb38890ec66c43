import { describe, expect, it } from 'vitest';
import { ensembleOf, midRank, rankAverage, scaledRanks, trainingRankAverage } from './ensemble';

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

describe('trainingRankAverage', () => {
  it('ranks every window against the training windows only', () => {
    // training [1, 2, 3, 4]: 2.5 → 2/4; 10 → 1; 0 → 0; 3 (tie) → (2 + 0.5)/4
    const a = f(1, 2, 3, 4, 2.5, 10, 0, 3);
    expect(Array.from(trainingRankAverage([a], 4))).toEqual([0.125, 0.375, 0.625, 0.875, 0.5, 1, 0, 0.625]);
  });
  it('averages members in their own units', () => {
    const a = f(1, 2, 3, 4, 5);
    const b = f(40, 30, 20, 10, 25);
    // a[4] = 5 > all training → 1; b[4] = 25 between 20 and 30 → 2/4
    expect(trainingRankAverage([a, b], 4)[4]).toBe(0.75);
  });
  it('never changes a past window when windows are appended', () => {
    const a = Float64Array.from({ length: 500 }, (_, i) => Math.sin(i));
    const b = Float64Array.from({ length: 500 }, (_, i) => Math.cos(i * 3));
    const base = trainingRankAverage([a.subarray(0, 300), b.subarray(0, 300)], 200);
    const more = trainingRankAverage([a, b], 200);
    expect(Array.from(more.subarray(0, 300))).toEqual(Array.from(base));
  });
  it('names bad input', () => {
    expect(() => trainingRankAverage([], 1)).toThrow(/no score arrays/);
    expect(() => trainingRankAverage([f(1, 2)], 3)).toThrow(/invalid training span end 3/);
    expect(() => trainingRankAverage([f(1, 2), f(1)], 1)).toThrow(/array 1 has 1 windows/);
    expect(() => trainingRankAverage([f(1, NaN)], 1)).toThrow(/NaN score at array 0, window 1/);
  });
});

describe('midRank', () => {
  it('counts below plus half the ties', () => {
    const ref = f(1, 2, 2, 2, 5);
    expect(midRank(ref, 2)).toBe((1 + 1.5) / 5);
    expect(midRank(ref, 0)).toBe(0);
    expect(midRank(ref, 9)).toBe(1);
    expect(midRank(ref, 3)).toBe(4 / 5);
  });
});

describe('ensembleOf', () => {
  it('averages post-processed scores as they are, ranks raw ones against training', () => {
    const a = f(0.1, 0.2, 0.9);
    const b = f(0.3, 0.2, 0.5);
    expect(Array.from(ensembleOf([a, b], 2, true))).toEqual([0.2, 0.2, 0.7]);
    expect(Array.from(ensembleOf([a, b], 2, false))).toEqual(Array.from(trainingRankAverage([a, b], 2)));
    expect(() => ensembleOf([a, f(1)], 2, true)).toThrow(/member 1 has 1 windows/);
  });
});
