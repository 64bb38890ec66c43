import { describe, expect, it } from 'vitest';
import { defaults, fit, nearest, score, warnings } from './knn-prefailure';
import { detectorRng } from './rng';

describe('knn pre-failure matcher, hand-computed', () => {
  // d = 1, k = 2, one failure starting at window 4 → pattern X[2..3] = [1, 2].
  const X = [[0], [0], [1], [2], [0], [0]];
  const model = fit({ X, failureStarts: [4] }, { ...defaults, k: 2 });

  it('stores the k windows before each failure start and the median distance as scale', () => {
    expect(model.patterns).toEqual([[1, 2]]);
    expect(model.incidents).toEqual([4]);
    // training patterns [0,0] [0,1] [1,2] [2,0] [0,0] lie √5 √2 0 √5 √5 away; median of the positive ones: √5
    expect(model.scale).toBeCloseTo(Math.sqrt(5), 12);
  });

  it('scores exp(−d/scale), 0 before k−1, and names the incident', () => {
    const s = Array.from(score(model, X));
    const e = [0, Math.exp(-1), Math.exp(-Math.sqrt(2) / Math.sqrt(5)), 1, Math.exp(-1), Math.exp(-1)];
    s.forEach((v, i) => expect(v).toBeCloseTo(e[i], 12));
    expect(Array.from(nearest(model, X))).toEqual([-1, 4, 4, 4, 4, 4]);
    expect(Array.from(warnings(model, score(model, X)))).toEqual([0, 0, 0, 1, 0, 0]);
  });

  it('is plain JSON', () => {
    const copy = JSON.parse(JSON.stringify(model));
    expect(Array.from(score(copy, X))).toEqual(Array.from(score(model, X)));
  });
});

/** Noise in two features with planted precursors: kind 0 ramps feature 0, kind 1 ramps feature 1. */
function series(n: number, seed: number, precursors: [number, 0 | 1][]): number[][] {
  const rng = detectorRng(seed, 'knn-test');
  const X = Array.from({ length: n }, () => [rng() * 0.2, rng() * 0.2]);
  for (const [start, kind] of precursors) {
    for (let j = 1; j <= 5; j++) X[start - 6 + j][kind] += j; // ramp 1..5 in the 5 windows before start
  }
  return X;
}

describe('knn pre-failure matcher, planted precursors', () => {
  const train = series(400, 1, [[100, 0], [200, 1], [300, 0]]);
  const model = fit({ X: train, failureStarts: [100, 200, 300] });
  const test = series(300, 2, [[80, 1], [220, 0]]);
  const s = score(model, test);
  const near = nearest(model, test);

  it('warns at the end of a new run-up and stays quiet elsewhere', () => {
    expect(s[79]).toBeGreaterThanOrEqual(0.8);
    expect(s[219]).toBeGreaterThanOrEqual(0.8);
    const warned = Array.from(warnings(model, s)).flatMap((w, i) => (w ? [i] : []));
    expect(warned).toEqual([79, 219]);
  });

  it('matches each run-up to a past incident of the same kind', () => {
    expect(near[79]).toBe(200);
    expect([100, 300]).toContain(near[219]);
  });

  it('averages over neighbours when asked', () => {
    const m2 = fit({ X: train, failureStarts: [100, 200, 300] }, { ...defaults, neighbours: 2 });
    // the kind-1 run-up is far from the second-nearest (kind 0) pattern, so its similarity drops
    expect(score(m2, test)[79]).toBeLessThan(s[79]);
  });

  it('rejects training spans without a usable pre-failure pattern and bad options', () => {
    expect(() => fit({ X: train, failureStarts: [] })).toThrow(/no pre-failure pattern/);
    expect(() => fit({ X: train, failureStarts: [3] })).toThrow(/none with 5 windows before it/);
    expect(() => fit({ X: train, failureStarts: [400] })).toThrow(/failure start 400 is not a window index/);
    expect(() => fit({ X: train, failureStarts: [100] }, { ...defaults, k: 0 })).toThrow(/invalid k: 0/);
    expect(() => fit({ X: train, failureStarts: [100] }, { ...defaults, warnAt: 1.5 })).toThrow(/invalid warnAt: 1.5/);
    expect(() => score(model, [[1, 2, 3]])).toThrow(/row 0 has 3 features, expected 2/);
  });
});
