import { describe, expect, it } from 'vitest';
import { RED, YELLOW, anomalyLikelihood, likelihoodStream, logErfc, logGaussianTail, logTail } from './likelihood';

describe('logGaussianTail', () => {
  // reference values of Q(z) = P(N(0,1) > z) from standard normal tables
  const cases: [number, number][] = [
    [-10, 1 - 7.61985302416047e-24],
    [-3, 0.99865010196837],
    [-1, 0.841344746068543],
    [0, 0.5],
    [1, 0.158655253931457],
    [2 * Math.SQRT2, 0.002338867490523633], // erfc(2) / 2: the series/continued-fraction seam
    [3, 0.00134989803163009],
    [5, 2.86651571879194e-7],
    [10, 7.61985302416047e-24],
  ];
  it.each(cases)('Q(%d)', (z, q) => {
    expect(Math.exp(logGaussianTail(z)) / q).toBeCloseTo(1, 9);
  });
  it('stays finite deep in the tail (no underflow to log 0)', () => {
    // ln Q(40) ≈ −z²/2 − ln(z √(2π)) = −800 − 4.6081 (to within 1/z² ≈ 0.06 %)
    expect(logGaussianTail(40)).toBeCloseTo(-804.608, 0);
    expect(logGaussianTail(Infinity)).toBe(-Infinity);
    expect(logGaussianTail(-Infinity)).toBe(0);
  });
  it('is continuous across the seam at x = 2', () => {
    expect(logErfc(2 - 1e-9)).toBeCloseTo(logErfc(2), 7);
  });
});

describe('logTail', () => {
  it('maps tail probabilities onto [0, 1] on a log scale', () => {
    expect(logTail(-5)).toBeCloseTo(Math.log(1 - 2.86651571879194e-7) / Math.log(1e-10), 12);
    expect(logTail(1)).toBeCloseTo(Math.log(0.158655253931457) / Math.log(1e-10), 9);
    expect(logTail(20)).toBe(1);
  });
});

describe('anomalyLikelihood', () => {
  const o = { shortWindow: 2, longWindow: 4, warmup: 4, minSigma: 1e-9, compress: false, damping: false };
  it('matches a hand computation', () => {
    // t = 4: history [1,2,1,2] → μ 1.5, σ 0.5; short mean (2+1)/2 = 1.5 → z 0 → Q 0.5
    // t = 5: history [2,1,2,1] → μ 1.5, σ 0.5; short mean (1+3)/2 = 2 → z 1 → Q 0.158655…
    const out = anomalyLikelihood([1, 2, 1, 2, 1, 3], o);
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 0, 0, 0]);
    expect(out[4]).toBeCloseTo(Math.log(0.5) / Math.log(1e-10), 12);
    expect(out[5]).toBeCloseTo(Math.log(0.158655253931457) / Math.log(1e-10), 9);
  });
  it('rises on a level shift and settles once the history holds the new level', () => {
    const raw = Array.from({ length: 600 }, (_, i) => (i < 300 ? 1 : 5) + 0.1 * Math.sin(i * 1.7));
    const out = anomalyLikelihood(raw, { shortWindow: 5, longWindow: 100, warmup: 50 });
    expect(Math.max(...out.subarray(60, 300))).toBeLessThan(0.5);
    expect(Math.max(...out.subarray(300, 310))).toBeGreaterThan(0.9);
    expect(Math.max(...out.subarray(450, 600))).toBeLessThan(0.5);
  });
  it('compresses raw scores with sign·log1p on request; huge scores never overflow either way', () => {
    const raw = [1, 2, 1, 2, 1, 3];
    const c = raw.map((x) => Math.log1p(x));
    expect(Array.from(anomalyLikelihood(raw, { ...o, compress: true }))).toEqual(Array.from(anomalyLikelihood(c, o)));
    const huge = [...Array.from({ length: 300 }, (_, i) => i % 3), 1e300, 1e300, ...Array.from({ length: 300 }, (_, i) => i % 3)];
    for (const compress of [true, false]) {
      const out = anomalyLikelihood(huge, { warmup: 10, longWindow: 100, compress });
      expect(out.every((v) => Number.isFinite(v))).toBe(true);
      expect(out[300]).toBe(1);
    }
  });
  it('damping keeps the first red-zone value of a run and lowers the rest to yellow', () => {
    // each new score dwarfs the history before it, so every one of them is red on its own
    const raw = [...Array.from({ length: 200 }, (_, i) => (i % 2) * 0.1), 10, 20, 40, 0.05, 0.05];
    const opts = { warmup: 10, shortWindow: 1, compress: false };
    const plain = anomalyLikelihood(raw, { ...opts, damping: false });
    const damped = anomalyLikelihood(raw, opts);
    expect(plain[202]).toBeGreaterThanOrEqual(RED);
    expect(plain[200]).toBeGreaterThanOrEqual(RED);
    expect(plain[201]).toBeGreaterThanOrEqual(RED);
    expect(damped[200]).toBe(plain[200]);
    expect(damped[201]).toBe(YELLOW);
    expect(damped[202]).toBe(YELLOW);
    expect(Array.from(damped.subarray(0, 200))).toEqual(Array.from(plain.subarray(0, 200)));
  });
  it('does not explode when the history was constant', () => {
    const raw = [...Array(200).fill(0), 1e12];
    const out = anomalyLikelihood(raw, { warmup: 10 });
    expect(out.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
    expect(out[200]).toBe(1);
  });
  it('never changes a past value when scores are appended (causal)', () => {
    const raw = Array.from({ length: 3000 }, (_, i) => Math.abs(Math.sin(i * 0.37)) + (i % 97 === 0 ? 4 : 0));
    const base = anomalyLikelihood(raw.slice(0, 2000));
    for (const tail of [raw.slice(2000), Array(1000).fill(1e9), Array(1000).fill(0)]) {
      const longer = anomalyLikelihood([...raw.slice(0, 2000), ...tail]);
      expect(Array.from(longer.subarray(0, 2000))).toEqual(Array.from(base));
    }
  });
  it('streams the same numbers as the batch call', () => {
    const raw = Array.from({ length: 2500 }, (_, i) => (i * 7919) % 13);
    const st = likelihoodStream();
    expect(raw.map((r) => st.next(r))).toEqual(Array.from(anomalyLikelihood(raw)));
  });
  it('names bad options and non-finite scores', () => {
    expect(() => likelihoodStream({ shortWindow: 0 })).toThrow(/shortWindow: 0/);
    expect(() => likelihoodStream({ shortWindow: 20, longWindow: 10 })).toThrow(/exceeds longWindow/);
    expect(() => likelihoodStream({ minSigma: 0 })).toThrow(/minSigma/);
    expect(() => anomalyLikelihood([1, NaN])).toThrow(/non-finite raw score NaN at step 1/);
  });
});
