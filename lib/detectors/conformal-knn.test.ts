import type { Rng } from '../util/rng';
import { describe, expect, it } from 'vitest';
import { defaults, fit, score, type ConformalKnnModel, type ConformalKnnOptions } from './conformal-knn';
import { detectorRng } from './rng';
import type { Matrix } from './types';


/** Box–Muller from a seeded stream: test data only. */
function gaussian(rng: Rng, n: number, d: number, shift = 0): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => shift + Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())));
}

const small: ConformalKnnOptions = { pattern: 3, k: 3, reference: 60, calibration: 200 };

/** Same values, bit for bit (Object.is tells −0 from 0 and matches NaN). */
function expectSameBits(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  const differ = Array.from(a).findIndex((v, i) => !Object.is(v, b[i]));
  expect(differ, `first difference at row ${differ}: ${a[differ]} vs ${b[differ]}`).toBe(-1);
}

describe('conformal k-NN', () => {
  it('scores a hand-computed stream (pattern 1, k 1, reference 2, calibration 3)', () => {
    // Training 0..4: median 2, MAD 1 → scale 1.4826. Each row's α is its distance to the nearer of
    // the two rows before it: 1 for every training row after the first, so the calibration set
    // holds three 1s (in scale units).
    const o = { pattern: 1, k: 1, reference: 2, calibration: 3 };
    const m = fit([[0], [1], [2], [3], [4]], o);
    expect(m.center).toEqual([2]);
    expect(m.scale).toEqual([1.4826]);
    expect(m.history).toHaveLength(2);
    expect(m.alphas.map((a) => a * 1.4826)).toEqual([1, 1, 1].map((v) => expect.closeTo(v, 12)));
    // 4: a repeat, α 0 ≤ all → p 1 → 0. 10: α 6 above all of {1, 1, 0} → p 1/4 → 0.75.
    // 10 again: α 0 → 0. 4.5: α 5.5 against {0, 6, 0}: one ≥ → p 2/4 → 0.5.
    expect(Array.from(score(m, [[4], [10], [10], [4.5]]))).toEqual([0, 0.75, 0, 0.5]);
  });

  it('equals the method computed naively over the whole stream, bit for bit', () => {
    // Straight from the definition: every pattern of training + scored rows, its k nearest among
    // the `reference` patterns before it, its p-value among the last `calibration` scores. fit
    // streams only the training tail that the kept state depends on; this checks nothing is lost.
    const o = { pattern: 3, k: 4, reference: 30, calibration: 50 };
    const rows = gaussian(detectorRng(9, 'data'), 600, 2);
    const m = fit(rows.slice(0, 400), o);
    const U = rows.map((r) => r.map((v, j) => (v - m.center[j]) / m.scale[j]));
    const alphas: number[] = [];
    const want: number[] = [];
    let trained = 0;
    for (let t = 0; t < U.length; t++) {
      if (t === 400) trained = alphas.length;
      const refs = Math.min(o.reference, t - o.pattern + 1);
      if (refs < o.k) {
        if (t >= 400) want.push(0);
        continue;
      }
      const d2: number[] = [];
      for (let delta = 1; delta <= refs; delta++) {
        let s = 0;
        for (let l = 0; l < o.pattern; l++) s += U[t - l].reduce((a, v, j) => a + (v - U[t - delta - l][j]) ** 2, 0);
        d2.push(s);
      }
      const alpha = d2.sort((a, b) => a - b).slice(0, o.k).reduce((a, v) => a + Math.sqrt(v), 0) / o.k;
      const cal = alphas.slice(-o.calibration);
      if (t >= 400) want.push(1 - (cal.filter((a) => a >= alpha).length + 1) / (cal.length + 1));
      alphas.push(alpha);
    }
    expect(m.alphas).toEqual(alphas.slice(0, trained).slice(-o.calibration));
    expect(Array.from(score(m, rows.slice(400)))).toEqual(want);
  });

  it('is causal: appended rows, however extreme, never change earlier scores', () => {
    const X = gaussian(detectorRng(1, 'data'), 400, 3);
    for (const o of [small, defaults]) {
      const m = fit(X.slice(0, 150), o);
      const base = score(m, X.slice(150));
      const tails: Matrix[] = [
        gaussian(detectorRng(2, 'data'), 50, 3),
        Array.from({ length: 30 }, () => [1e300, -1e300, 1e300]),
        Array.from({ length: 30 }, () => [5, 5, 5]),
        [[Number.MAX_VALUE, 0, -Number.MAX_VALUE]],
      ];
      for (const tail of tails) {
        const longer = score(m, [...X.slice(150), ...tail]);
        expectSameBits(longer.subarray(0, base.length), base);
        for (const v of longer) expect(v >= 0 && v < 1).toBe(true);
      }
      // Row by row: each prefix scores its last row as the full run did.
      for (const n of [1, 2, 7, 120]) expectSameBits(score(m, X.slice(150, 150 + n)), base.subarray(0, n));
    }
  });

  it('stays calibrated on a stationary series: about ε of the rows score ≥ 1 − ε', () => {
    const X = gaussian(detectorRng(3, 'data'), 4000, 2);
    const s = score(fit(X.slice(0, 1000), small), X.slice(1000));
    const share = (t: number) => s.filter((v) => v >= t).length / s.length;
    expect(share(0.99)).toBeLessThan(0.03);
    expect(share(0.9)).toBeGreaterThan(0.05);
    expect(share(0.9)).toBeLessThan(0.15);
    // A constant series is never surprising: every α ties at 0.
    const flat = Array.from({ length: 300 }, () => [7, -1]);
    expect(Math.max(...score(fit(flat.slice(0, 100), small), flat.slice(100)))).toBe(0);
  });

  it('fires on a spike and on a level shift, then adapts to the new level', () => {
    const rng = detectorRng(4, 'data');
    const X = gaussian(rng, 1500, 2);
    X[700] = [9, 9];
    for (let i = 1000; i < 1500; i++) X[i] = X[i].map((v) => v + 8);
    const m = fit(X.slice(0, 400), small);
    const s = score(m, X.slice(400));
    const top = 1 - 1 / (small.calibration + 1);
    expect(s[700 - 400]).toBe(top);
    expect(s[1000 - 400]).toBe(top);
    // Once the new level has k neighbours in the reference set it is normal again.
    const after = s.subarray(1000 - 400 + small.pattern + small.k + 10);
    expect(after.filter((v) => v >= 0.99).length / after.length).toBeLessThan(0.05);
  });

  it('plain JSON model: a round trip scores the same, bit for bit', () => {
    const X = gaussian(detectorRng(5, 'data'), 500, 4);
    const m = fit(X.slice(0, 300), small);
    const copy = JSON.parse(JSON.stringify(m)) as ConformalKnnModel;
    expect(copy).toEqual(m);
    expectSameBits(score(copy, X.slice(300)), score(m, X.slice(300)));
    expectSameBits(score(fit(X.slice(0, 300), small), X.slice(300)), score(m, X.slice(300)));
  });

  it('scores from the first row even when training is shorter than the sets', () => {
    const X = gaussian(detectorRng(6, 'data'), 40, 2);
    const s = score(fit(X.slice(0, 2), small), X.slice(2));
    expect(s).toHaveLength(38);
    // The first rows have fewer than k reference patterns (score 0), later ones a p-value.
    expect(s[0]).toBe(0);
    expect(s.some((v) => v > 0)).toBe(true);
  });

  it('validates inputs and options, naming the bad value', () => {
    expect(() => fit([], small)).toThrow('conformal-knn fit: empty training span');
    expect(() => fit([[1, 2], [3]], small)).toThrow('row 1 has 1 features, expected 2');
    expect(() => fit([[1, NaN]], small)).toThrow('non-finite value NaN at row 0, feature 1');
    expect(() => fit([[1]], { ...small, k: 0 })).toThrow('invalid k: 0');
    expect(() => fit([[1]], { ...small, pattern: 1.5 })).toThrow('invalid pattern: 1.5');
    expect(() => fit([[1]], { ...small, k: 61 })).toThrow('invalid k: 61 (must not exceed reference = 60)');
    expect(() => fit([[1]], { ...small, calibration: -1 })).toThrow('invalid calibration: -1');
    const m = fit([[1, 2], [2, 3]], small);
    expect(() => score(m, [[1]])).toThrow('conformal-knn score: row 0 has 1 features, expected 2');
    expect(() => score(m, [[1, Infinity]])).toThrow('non-finite value Infinity at row 0, feature 1');
    expect(() => score({ ...m, kind: 'ewma' } as unknown as ConformalKnnModel, [[1, 2]])).toThrow('not a conformal-knn model');
    expect(() => score({ ...m, scale: [1, 0] }, [[1, 2]])).toThrow('model scale must hold 2 positive numbers');
  });
});
