import { describe, expect, it } from 'vitest';
import { applyScaler, fitScaler, robustSpread } from './scale';

describe('scaling fitted on the training span', () => {
  it('standard: mean and population sd of the training rows only', () => {
    const s = fitScaler([[1], [2], [3], [4]], 'standard'); // mean 2.5, sd sqrt(1.25)
    expect(s.center).toEqual([2.5]);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(1.25), 12);
    // a test value far outside the training span is not clipped and did not move the fit
    expect(applyScaler(s, [[2.5], [100]])[1][0]).toBeCloseTo(97.5 / Math.sqrt(1.25), 9);
  });
  it('robust: median and 1.4826 × MAD, so one outlier in training does not dominate', () => {
    const s = fitScaler([[1], [2], [3], [4], [1000]]); // median 3, |dev| 2,1,0,1,997 → MAD 1
    expect(s.center).toEqual([3]);
    expect(s.scale).toEqual([1.4826]);
  });
  it('a constant column scales by 1; ragged or empty input is refused', () => {
    expect(fitScaler([[5, 1], [5, 2]]).scale[0]).toBe(1);
    expect(() => fitScaler([])).toThrow('empty training span');
    expect(() => fitScaler([[1, 2], [3]])).toThrow('row 1 has 1 features, expected 2');
  });
});

describe('robustSpread', () => {
  it('is 1.4826 × MAD when the MAD is positive', () => {
    expect(robustSpread([1, 2, 3, 4, 1000])).toEqual({ median: 3, spread: 1.4826 });
  });
  it('falls back to 1.2533 × mean absolute deviation for a mostly still column', () => {
    // median 0, MAD 0, mean |x| = (0·7 + 1 + 3) / 9 … one value of 4 and eight zeros: 4/9
    const r = robustSpread([0, 0, 0, 0, 4, 0, 0, 0, 0]);
    expect(r.median).toBe(0);
    expect(r.spread).toBeCloseTo((1.2533 * 4) / 9, 12);
    // the scaler keeps such a column in its own units
    expect(fitScaler([[0], [0], [0], [0], [4], [0], [0], [0], [0]]).scale[0]).toBe(1);
  });
  it('is 0 for a constant column', () => {
    expect(robustSpread([5, 5, 5]).spread).toBe(0);
  });
});
