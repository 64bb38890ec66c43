import { describe, expect, it } from 'vitest';
import { rangePrecision, rangeRecall, rangeScores } from './range';

// real ranges [2,6) (4 windows) and [10,12) (2); predicted [4,8), [11,12), [14,15)
const real = [
  { start: 2, end: 6 },
  { start: 10, end: 12 },
];
const pred = [
  { start: 4, end: 8 },
  { start: 11, end: 12 },
  { start: 14, end: 15 },
];

describe('range precision / recall (Tatbul et al. 2018, flat bias)', () => {
  it('recall averages the overlap share of each real range', () => {
    // R1: |[4,6)| / 4 = 0.5; R2: |[11,12)| / 2 = 0.5 → (0.5 + 0.5) / 2
    expect(rangeRecall(real, pred)).toBe(0.5);
  });
  it('adds the existence reward with weight alpha', () => {
    // each range: 0.5 · 1 + 0.5 · 0.5 = 0.75
    expect(rangeRecall(real, pred, { alpha: 0.5 })).toBe(0.75);
    // alpha 1: both ranges touched → 1
    expect(rangeRecall(real, pred, { alpha: 1 })).toBe(1);
  });
  it('precision averages the overlap share of each predicted range', () => {
    // P1: 2/4 = 0.5; P2: 1/1 = 1; P3: 0 → 1.5 / 3
    expect(rangePrecision(real, pred)).toBe(0.5);
  });
  it('applies the reciprocal cardinality factor only on request', () => {
    const one = [{ start: 0, end: 10 }];
    const frag = [
      { start: 1, end: 3 },
      { start: 5, end: 6 },
    ];
    // overlap 2 + 1 of 10 = 0.3; γ = 1/2 for two overlapping predictions → 0.15
    expect(rangeRecall(one, frag)).toBeCloseTo(0.3, 12);
    expect(rangeRecall(one, frag, { cardinality: 'reciprocal' })).toBeCloseTo(0.15, 12);
    // each prediction lies fully inside the one real range → precision 1
    expect(rangePrecision(one, frag, { cardinality: 'reciprocal' })).toBe(1);
  });
  it('works from window masks and returns 0 for empty sides', () => {
    const mask = (ranges: { start: number; end: number }[]) => Array.from({ length: 16 }, (_, i) => ranges.some((r) => i >= r.start && i < r.end));
    // P = R = 0.5 → F1 = 0.5
    expect(rangeScores(mask(real), mask(pred))).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(rangeScores(mask(real), mask([]))).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(() => rangeRecall(real, pred, { alpha: 2 })).toThrow('invalid alpha: 2');
  });
});
