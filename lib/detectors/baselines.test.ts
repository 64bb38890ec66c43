import { describe, expect, it } from 'vitest';
import * as robustZ from './robust-z';
import * as ewma from './ewma';

describe('robust z-score', () => {
  it('scores the largest robust distance over features (hand-computed)', () => {
    // feature 0: median 3, |dev| 2,1,0,1,2 → MAD 1 → scale 1.4826; feature 1 constant 0 → scale 0.001
    const m = robustZ.fit([[1, 0], [2, 0], [3, 0], [4, 0], [5, 0]]);
    expect(m.median).toEqual([3, 0]);
    expect(m.scale).toEqual([1.4826, 0.001]);
    const s = robustZ.score(m, [[3, 0], [6, 0], [3, 0.5]]);
    expect(s[0]).toBe(0);
    expect(s[1]).toBeCloseTo(3 / 1.4826, 12);
    expect(s[2]).toBeCloseTo(500, 9); // a 5xx rate that was always 0 in training
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });
  it('refuses a width other than the one it was fitted on', () => {
    expect(() => robustZ.score(robustZ.fit([[1, 2]]), [[1]])).toThrow('row 0 has 1 features, expected 2');
  });
});

describe('EWMA control chart', () => {
  it('smooths each feature and scores in chart sds (hand-computed)', () => {
    // mean 0, population sd 1 (values −1, 1); λ = 0.5 → chart sd factor √(0.5 / 1.5) = 0.57735
    const m = ewma.fit([[-1], [1]], { lambda: 0.5, limit: 3, minScale: 0.001, center: 'mean' });
    expect(m.center).toEqual([0]);
    expect(m.sd).toEqual([1]);
    const s = ewma.score(m, [[2], [2], [0]]);
    const k = Math.sqrt(0.5 / 1.5);
    expect(s[0]).toBeCloseTo(1 / k, 12); // z = 1
    expect(s[1]).toBeCloseTo(1.5 / k, 12); // z = 0.5·2 + 0.5·1
    expect(s[2]).toBeCloseTo(0.75 / k, 12); // z = 0.5·0 + 0.5·1.5
  });
  it('centres on the training median by default, so a burst in training leaves quiet windows at 0', () => {
    // 8 quiet windows and 2 of a burst at 100: mean 20, median 0; population sd 40
    const train = [...Array(8).fill([0]), [100], [100]];
    const med = ewma.fit(train, { ...ewma.defaults, lambda: 0.5 });
    expect(med.center).toEqual([0]);
    expect(med.sd).toEqual([40]);
    expect(Array.from(ewma.score(med, [[0], [0]]))).toEqual([0, 0]);
    // centred on the mean, a quiet stretch settles at |0 − 20| / (40 · √(1/3)) ≈ 0.866 chart sds
    const mean = ewma.fit(train, { ...ewma.defaults, lambda: 0.5, center: 'mean' });
    const s = ewma.score(mean, Array(30).fill([0]));
    expect(s[29]).toBeCloseTo(20 / (40 * Math.sqrt(0.5 / 1.5)), 6);
  });
  it('refuses a smoothing weight outside (0, 1] and an unknown centre', () => {
    expect(() => ewma.fit([[1]], { ...ewma.defaults, lambda: 0 })).toThrow('invalid lambda: 0');
    expect(() => ewma.fit([[1]], { ...ewma.defaults, center: 'mode' as never })).toThrow('invalid ewma center: mode (known: median, mean)');
  });
});
