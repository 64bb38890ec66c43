import { IsolationForest } from 'ml-isolation-forest';
import { describe, expect, it } from 'vitest';
import { defaults, fit, packageC, score } from './ml-iforest';
import { detectorRng } from './rng';

function data(n: number, seed: number): number[][] {
  const rng = detectorRng(seed, 'ml-iforest-test');
  return Array.from({ length: n }, () => [rng(), rng(), rng()]);
}

describe('ml-isolation-forest wrapper', () => {
  const train = data(300, 1);
  const test = [...data(50, 2), [5, 5, 5], [-4, 0.5, 0.5], [0.5, 9, 0.5]];

  it('is deterministic under the seeded rng and leaves Math.random alone', () => {
    const saved = Math.random;
    const a = fit(train, { trees: 20 }, detectorRng(7, 'ml-iforest'));
    expect(Math.random).toBe(saved);
    const b = fit(train, { trees: 20 }, detectorRng(7, 'ml-iforest'));
    const c = fit(train, { trees: 20 }, detectorRng(8, 'ml-iforest'));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('restores Math.random when the package throws', () => {
    const saved = Math.random;
    const rng = () => {
      throw new Error('boom');
    };
    expect(() => fit(train, { trees: 1 }, rng)).toThrow(/boom/);
    expect(Math.random).toBe(saved);
  });

  it('replays the package’s own predict exactly', () => {
    const rows = train.map((r) => [...r]);
    const forest = new IsolationForest({ nEstimators: 15 });
    const saved = Math.random;
    Math.random = detectorRng(3, 'ml-iforest');
    try {
      forest.train(rows);
    } finally {
      Math.random = saved;
    }
    const model = fit(train, { trees: 15 }, detectorRng(3, 'ml-iforest'));
    const ours = score(model, test);
    forest.predict(test).forEach((p, i) => expect(ours[i]).toBeCloseTo(p, 12));
  });

  it('ranks outliers planted in the training span above every inlier', () => {
    // Outliers inside the training data, as in Liu et al.'s setup: the package grows every tree on
    // all rows, so points outside the training range only isolate as fast as its extremes.
    const contaminated = [...train, [5, 5, 5], [-4, 0.5, 0.5], [0.5, 9, 0.5]];
    const s = score(fit(contaminated, defaults, detectorRng(1, 'ml-iforest')), contaminated);
    const inlierMax = Math.max(...s.subarray(0, train.length));
    for (const i of [300, 301, 302]) expect(s[i]).toBeGreaterThan(inlierMax);
  });

  it('keeps the package’s c(n) (Euler’s constant added once)', () => {
    expect(packageC(2)).toBe(1);
    expect(packageC(256)).toBeCloseTo(2 * Math.log(255) + 0.57721 - (2 * 255) / 256, 12);
  });

  it('names bad input', () => {
    expect(() => fit(train, { trees: 0 }, detectorRng(1, 'x'))).toThrow(/invalid trees: 0/);
    expect(() => fit([[1, 2]], defaults, detectorRng(1, 'x'))).toThrow(/at least 2 training rows, got 1/);
    expect(() => score({ kind: 'nope' } as never, test)).toThrow(/not an ml-isolation-forest model/);
  });
});
