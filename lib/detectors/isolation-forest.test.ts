import type { Rng } from '../util/rng';
import { describe, expect, it } from 'vitest';
import { c, defaults, fit, score, type IsolationForestModel } from './isolation-forest';
import { detectorRng } from './rng';
import type { Detector } from './types';

// The file satisfies the shared contract (checked by the compiler; used below through it).
const detector: Detector<typeof defaults, IsolationForestModel> = { defaults, fit, score };

/** Box–Muller from a seeded stream: test data only. */
function gaussian(rng: Rng, n: number, d: number): Float64Array[] {
  return Array.from({ length: n }, () =>
    Float64Array.from({ length: d }, () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())),
  );
}

const rng = () => detectorRng(7, 'isolation-forest');

describe('c(n)', () => {
  it('matches the hand-computed values', () => {
    expect(c(0)).toBe(0);
    expect(c(1)).toBe(0);
    expect(c(2)).toBe(1);
    // 2(ln 2 + γ) − 4/3 = 2(0.693147 + 0.577216) − 1.333333
    expect(c(3)).toBeCloseTo(2 * (Math.log(2) + 0.5772156649) - 4 / 3, 9);
    expect(c(3)).toBeCloseTo(1.2073924, 6);
    // 2(ln 255 + γ) − 510/256 = 2(5.541264 + 0.577216) − 1.992188
    expect(c(256)).toBeCloseTo(10.244770, 5);
  });
});

describe('isolation forest', () => {
  const train = gaussian(detectorRng(1, 'data'), 2000, 5);

  it('is deterministic for a seed and differs across seeds', () => {
    const a = fit(train, defaults, rng());
    const b = fit(train, defaults, rng());
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(score(a, train)).toEqual(score(b, train));
    const other = fit(train, defaults, detectorRng(8, 'isolation-forest'));
    expect(score(other, train)).not.toEqual(score(a, train));
  });

  it('builds trees within the height limit and the node budget', () => {
    const m = fit(train, defaults, rng());
    expect(m.roots).toHaveLength(100);
    expect(m.sampleSize).toBe(256);
    expect(m.cPsi).toBeCloseTo(c(256), 12);
    expect(m.feature.length).toBeLessThanOrEqual(100 * 511);
    // A leaf's value is depth + c(size) ≤ 8 + c(256 − 8) only if it stopped at the limit; any leaf
    // above depth 8 would show as a path length beyond 8 + c(256).
    const leaves = m.value.filter((_, k) => m.feature[k] < 0);
    expect(Math.max(...leaves)).toBeLessThanOrEqual(8 + c(256));
    expect(Math.min(...leaves)).toBeGreaterThanOrEqual(1);
  });

  it('scores planted outliers above the inliers, in (0, 1)', () => {
    const model = fit(train, defaults, rng());
    const inliers = gaussian(detectorRng(2, 'data'), 500, 5);
    // Far out on every axis: IF is axis-parallel, so a point extreme in a single feature of five
    // scores only ≈ 0.5 (scikit-learn agrees), which would not make a clean test.
    const o = detectorRng(5, 'outliers');
    const outliers = Array.from({ length: 20 }, () => Float64Array.from({ length: 5 }, () => (o() < 0.5 ? -1 : 1) * (4 + 2 * o())));
    const si = score(model, inliers);
    const so = score(model, outliers);
    for (const s of [...si, ...so]) {
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThan(1);
    }
    expect(Math.min(...so)).toBeGreaterThan(si.slice().sort()[489]);
    expect(Math.min(...so)).toBeGreaterThan(0.6);
    const mean = si.reduce((a, b) => a + b, 0) / si.length;
    expect(mean).toBeLessThan(0.5);
  });

  it('caps ψ at the training size', () => {
    const small = gaussian(detectorRng(3, 'data'), 40, 3);
    const m = fit(small, { trees: 10, sampleSize: 256 }, rng());
    expect(m.sampleSize).toBe(40);
    expect(m.cPsi).toBeCloseTo(c(40), 12);
    const s = score(m, small);
    expect(s).toHaveLength(40);
    expect(s.every((v) => v > 0 && v < 1)).toBe(true);
  });

  it('never splits on a constant column and isolates on the others', () => {
    const rows = gaussian(detectorRng(4, 'data'), 300, 2).map((r) => [5, r[0], 5, r[1]]);
    const m = fit(rows, defaults, rng());
    const used = new Set(m.feature.filter((f) => f >= 0));
    expect([...used].sort()).toEqual([1, 3]);
    const [inlier, outlier] = score(m, [
      [5, 0, 5, 0],
      [5, 8, 5, 0],
    ]);
    expect(outlier).toBeGreaterThan(inlier + 0.15);
  });

  it('makes leaves of identical rows instead of looping', () => {
    const same = Array.from({ length: 50 }, () => [1, 2, 3]);
    const m = fit(same, { trees: 5, sampleSize: 256 }, rng());
    expect(m.feature).toEqual([-1, -1, -1, -1, -1]);
    // Every path ends at a root leaf of size 50: E[h] = c(50) = c(ψ), so s = 0.5 exactly.
    expect([...score(m, [[1, 2, 3]])]).toEqual([0.5]);
  });

  it('round-trips through JSON and scores identically', () => {
    const m = detector.fit(train, { trees: 20, sampleSize: 64 }, rng());
    const back = JSON.parse(JSON.stringify(m)) as IsolationForestModel;
    expect(back).toEqual(m);
    expect(detector.score(back, train)).toEqual(detector.score(m, train));
  });

  it('accepts plain and typed rows alike', () => {
    const plain = train.map((r) => Array.from(r));
    expect(score(fit(plain, defaults, rng()), plain)).toEqual(score(fit(train, defaults, rng()), train));
  });

  it('rejects bad input and names the bad value', () => {
    expect(() => fit(train, { ...defaults, trees: 0 }, rng())).toThrow('invalid trees: 0');
    expect(() => fit(train, { ...defaults, sampleSize: 2.5 }, rng())).toThrow('invalid sampleSize: 2.5');
    expect(() => fit([[1]], defaults, rng())).toThrow('at least 2 training rows, got 1');
    expect(() => fit([[1, 2], [3]], defaults, rng())).toThrow('row 1 has 1 features, expected 2');
    expect(() => fit([[1, 2], [3, NaN]], defaults, rng())).toThrow('non-finite value NaN at row 1, feature 1');
    const m = fit(train, { trees: 3, sampleSize: 16 }, rng());
    expect(() => score(m, [[1, 2]])).toThrow('row 0 has 2 features, expected 5');
  });
});
