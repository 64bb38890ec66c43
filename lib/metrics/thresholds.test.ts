import { describe, expect, it } from 'vitest';
import { bestF1, oracleThreshold, quantile, quantileThreshold, trainBestF1Threshold } from './thresholds';

describe('quantile', () => {
  it('interpolates linearly like numpy', () => {
    // h = 4 · 0.9 = 3.6 → 4 + 0.6 · (5 − 4)
    expect(quantile([5, 1, 4, 2, 3], 0.9)).toBeCloseTo(4.6, 12);
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(quantile([10], 0.99)).toBe(10);
    expect(quantile([1, 2], 1)).toBe(2);
  });
  it('rejects bad input', () => {
    expect(() => quantile([], 0.5)).toThrow('empty');
    expect(() => quantile([1], 1.5)).toThrow('invalid quantile: 1.5');
  });
  it('makes a threshold rule from training scores', () => {
    // 0..100: h = 100 · 0.99 = 99
    const train = Array.from({ length: 101 }, (_, i) => i);
    const t = quantileThreshold(train);
    expect(t.rule).toBe('quantile');
    expect(t.q).toBe(0.99);
    expect(t.threshold).toBeCloseTo(99, 9);
  });
});

describe('bestF1', () => {
  it('picks the F1-maximising distinct score', () => {
    // F1 by threshold: .9 → 1/2, .8 → 2/5, .7 → 2/3, .6 → 4/7, .5 → P 3/5, R 1 → 3/4
    const b = bestF1([0.9, 0.8, 0.7, 0.6, 0.5], [true, false, true, false, true]);
    expect(b).toEqual({ threshold: 0.5, precision: 0.6, recall: 1, f1: 0.75 });
  });
  it('breaks ties towards the higher threshold and skips excluded windows', () => {
    // .9 → P 1, R 1/2, F1 2/3; .6 → P 1/2, R 1, F1 2/3: tie → .9
    expect(bestF1([0.9, 0.8, 0.7, 0.6], [true, false, false, true]).threshold).toBe(0.9);
    // without window 1: .9 → 2/3, .7 → 1/2, .6 → P 2/3, R 1, F1 4/5
    const b = bestF1([0.9, 0.8, 0.7, 0.6], [true, false, false, true], [false, true, false, false]);
    expect(b.threshold).toBe(0.6);
    expect(b.f1).toBeCloseTo(0.8, 12);
  });
  it('refuses a span without positives', () => {
    expect(() => bestF1([1, 2], [false, false])).toThrow('at least one positive');
  });
  it('labels the deployable rule and the oracle upper bound', () => {
    const train = trainBestF1Threshold([0.9, 0.8, 0.7, 0.6, 0.5], [true, false, true, false, true]);
    expect(train).toEqual({ threshold: 0.5, rule: 'train-best-f1', q: null, trainF1: 0.75 });
    const oracle = oracleThreshold([0.9, 0.1], [true, false]);
    expect(oracle).toEqual({ threshold: 0.9, precision: 1, recall: 1, f1: 1, upperBound: true });
  });
});
