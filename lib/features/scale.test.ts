import { describe, expect, it } from 'vitest';
import { applyScaler, fitScaler } from './scale';

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
