import { describe, expect, it } from 'vitest';
import { defaults, fit, score, type SpectralResidualModel, type SpectralResidualOptions } from './spectral-residual';
import { detectorRng } from './rng';
import type { Matrix } from './types';


/** A smooth periodic signal with a little seeded noise: stationary, nothing stands out. */
function wave(n: number, seed: number): number[] {
  const rng = detectorRng(seed, 'wave');
  return Array.from({ length: n }, (_, i) => Math.sin(i / 5) + 0.1 * (rng() - 0.5));
}

function expectSameBits(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  const differ = Array.from(a).findIndex((v, i) => !Object.is(v, b[i]));
  expect(differ, `first difference at row ${differ}: ${a[differ]} vs ${b[differ]}`).toBe(-1);
}

/**
 * The same score written straight from the formulas with an O(n²) DFT: an independent check of
 * the FFT, the folded spectrum and the gains.
 */
function naiveScore(values: readonly number[], o: SpectralResidualOptions): number {
  const { window: n, estimated, gradient: m, average: q, local: z } = o;
  const real = n - estimated;
  const x = values.slice(-real);
  let g = 0;
  for (let i = 1; i <= m; i++) g += (x[real - 2] - x[real - 2 - i]) / i;
  const est = x[real - 1 - m] + (g / m) * m;
  while (x.length < n) x.push(est);
  const re: number[] = [];
  const im: number[] = [];
  for (let f = 0; f < n; f++) {
    let a = 0;
    let b = 0;
    for (let t = 0; t < n; t++) {
      a += x[t] * Math.cos((2 * Math.PI * f * t) / n);
      b -= x[t] * Math.sin((2 * Math.PI * f * t) / n);
    }
    re.push(a);
    im.push(b);
  }
  const logA = re.map((a, f) => 0.5 * Math.log(a * a + im[f] * im[f]));
  const h = (q - 1) / 2;
  const S: number[] = [];
  const gain = logA.map((_, f) => {
    if (f === 0) return 0;
    const bins = [];
    for (let j = -h; j <= h; j++) if ((f + j + n) % n !== 0) bins.push(logA[(f + j + n) % n]);
    return Math.exp(-bins.reduce((s, v) => s + v, 0) / bins.length);
  });
  for (let t = 0; t < n; t++) {
    let a = 0;
    let b = 0;
    for (let f = 0; f < n; f++) {
      const c = Math.cos((2 * Math.PI * f * t) / n);
      const s = Math.sin((2 * Math.PI * f * t) / n);
      a += gain[f] * (re[f] * c - im[f] * s);
      b += gain[f] * (re[f] * s + im[f] * c);
    }
    S.push(Math.hypot(a, b) / n);
  }
  const around = S.slice(real - 1 - z, real - 1).reduce((s, v) => s + v, 0) / z;
  return (S[real - 1] - around) / around;
}

describe('spectral residual', () => {
  it('agrees with the formulas computed by a naive DFT', () => {
    const rng = detectorRng(1, 'data');
    const series = Array.from({ length: 200 }, (_, i) => Math.sin(i / 7) + 0.3 * rng() + (i === 199 ? 2 : 0));
    for (const o of [defaults, { ...defaults, window: 32, local: 10, average: 5 }]) {
      const s = score(fit(series.slice(0, 100).map((v) => [v]), o), series.slice(100).map((v) => [v]));
      for (const end of [150, 180, 199]) {
        const want = Math.max(0, naiveScore(series.slice(0, end + 1), o));
        expect(s[end - 100]).toBeCloseTo(want, 9);
      }
    }
  });

  it('is causal: appended rows, however extreme, never change earlier scores', () => {
    const X = wave(300, 2).map((v, i) => [v, i % 7, -v]);
    for (const o of [defaults, { ...defaults, window: 16, estimated: 2, gradient: 3, local: 5 }]) {
      const m = fit(X.slice(0, 100), o);
      const base = score(m, X.slice(100));
      const tails: Matrix[] = [
        wave(40, 3).map((v) => [v, 1, 2]),
        Array.from({ length: 30 }, () => [1e300, -1e300, 1e300]),
        Array.from({ length: 30 }, () => [5, 5, 5]),
        [[Number.MAX_VALUE, 0, -Number.MAX_VALUE]],
      ];
      for (const tail of tails) {
        const longer = score(m, [...X.slice(100), ...tail]);
        expectSameBits(longer.subarray(0, base.length), base);
        for (const v of longer) expect(Number.isFinite(v) && v >= 0).toBe(true);
      }
      for (const n of [1, 2, 9, 150]) expectSameBits(score(m, X.slice(100, 100 + n)), base.subarray(0, n));
    }
  });

  it('fires at a spike and at a level shift, in the row they happen, well above a stationary series', () => {
    const y = wave(400, 1);
    y[300] += 3;
    for (let i = 350; i < 400; i++) y[i] += 2;
    const s = score(fit(y.slice(0, 100).map((v) => [v])), y.map((v) => [v]));
    const quiet = Float64Array.from(s.subarray(100, 300)).sort();
    // Noise alone reaches about the paper's τ = 3 at its very top; 95 % of it stays below 2.
    expect(quiet[quiet.length - 1]).toBeLessThan(4);
    expect(quiet[Math.floor(0.95 * quiet.length)]).toBeLessThan(2);
    expect(s[300]).toBeGreaterThan(2 * quiet[quiet.length - 1]);
    expect(s[350]).toBeGreaterThan(2 * quiet[quiet.length - 1]);
    // A constant series, and one constant feature beside a moving one, add nothing.
    expect(Math.max(...score(fit([[4], [4]]), Array.from({ length: 100 }, () => [4])))).toBe(0);
  });

  it('takes the largest score over features, and ignores each feature’s unit', () => {
    const a = wave(200, 4);
    const b = wave(200, 5).map((v, i) => v + (i === 150 ? 4 : 0));
    const both = score(fit(a.slice(0, 80).map((v, i) => [v, b[i]])), a.map((v, i) => [v, b[i]]));
    const onlyA = score(fit(a.slice(0, 80).map((v) => [v])), a.map((v) => [v]));
    const onlyB = score(fit(b.slice(0, 80).map((v) => [v])), b.map((v) => [v]));
    expectSameBits(both, onlyA.map((v, i) => Math.max(v, onlyB[i])));
    // Also at 1e200, where a squared amplitude would overflow unless the window is rescaled first.
    for (const unit of [1e-6, 1e6, 1e200]) {
      const scaled = score(fit(b.slice(0, 80).map((v) => [v * unit])), b.map((v) => [v * unit]));
      scaled.forEach((v, i) => expect(v).toBeCloseTo(onlyB[i], 6));
    }
  });

  it('plain JSON model: a round trip scores the same, bit for bit', () => {
    const X = wave(200, 6).map((v) => [v, v * v]);
    const m = fit(X.slice(0, 100));
    const copy = JSON.parse(JSON.stringify(m)) as SpectralResidualModel;
    expect(copy).toEqual(m);
    expect(m.history).toHaveLength(defaults.window - defaults.estimated - 1);
    expectSameBits(score(copy, X.slice(100)), score(m, X.slice(100)));
  });

  it('scores from the first row when training is shorter than a window (padded with the oldest row)', () => {
    const y = wave(30, 7).map((v) => [v]);
    const s = score(fit(y.slice(0, 1)), y.slice(1));
    expect(s).toHaveLength(29);
    for (const v of s) expect(Number.isFinite(v) && v >= 0).toBe(true);
  });

  it('validates inputs and options, naming the bad value', () => {
    expect(() => fit([])).toThrow('spectral-residual fit: empty training span');
    expect(() => fit([[1], [Infinity]])).toThrow('non-finite value Infinity at row 1, feature 0');
    expect(() => fit([[1]], { ...defaults, window: 48 })).toThrow('invalid window: 48 (expected a power of two from 8 to 4096)');
    expect(() => fit([[1]], { ...defaults, average: 4 })).toThrow('invalid average: 4 (expected an odd positive integer)');
    expect(() => fit([[1]], { ...defaults, local: 59 })).toThrow('invalid local: 59 (must be below window − estimated = 59)');
    expect(() => fit([[1]], { ...defaults, gradient: 58 })).toThrow('invalid gradient: 58 (at most window − estimated − 2 = 57)');
    expect(() => fit([[1]], { ...defaults, estimated: 0 })).toThrow('invalid estimated: 0');
    const m = fit([[1, 2]]);
    expect(() => score(m, [[1]])).toThrow('spectral-residual score: row 0 has 1 features, expected 2');
    expect(() => score({ ...m, kind: 'ewma' } as unknown as SpectralResidualModel, [[1, 2]])).toThrow('not a spectral-residual model');
  });
});
