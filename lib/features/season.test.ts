import { describe, expect, it } from 'vitest';
import { autocorrelation, medianStep, seasonalDifference, seasonalPeriod } from './season';

const HOUR = 3_600_000;

/** Hourly samples with a daily cycle (and a weaker weekly one), deterministic noise. */
function daily(n: number, weekly = 0): { ts: number[]; v: number[] } {
  const ts = Array.from({ length: n }, (_, i) => i * HOUR);
  const v = ts.map((_, i) => 10 + 5 * Math.sin((2 * Math.PI * i) / 24) + weekly * Math.sin((2 * Math.PI * i) / 168) + 0.3 * Math.sin(i * 12.9898));
  return { ts, v };
}

describe('autocorrelation', () => {
  it('is 1 at the period of a pure cycle and −1 at half of it', () => {
    const v = Array.from({ length: 240 }, (_, i) => Math.sin((2 * Math.PI * i) / 24));
    expect(autocorrelation(v, 24)).toBeCloseTo(1, 2);
    expect(autocorrelation(v, 12)).toBeCloseTo(-1, 2);
  });
  it('is NaN for a constant series or an impossible lag', () => {
    expect(autocorrelation([3, 3, 3, 3], 1)).toBeNaN();
    expect(autocorrelation([1, 2, 3], 3)).toBeNaN();
    expect(autocorrelation([1, 2, 3], 0)).toBeNaN();
  });
});

describe('seasonalPeriod', () => {
  it('finds a daily cycle in hourly data from the training span only', () => {
    const { ts, v } = daily(24 * 10);
    expect(medianStep(ts)).toBe(HOUR);
    expect(seasonalPeriod(v, ts, 24 * 3)).toBe(24);
  });
  it('needs 1.5 periods in training: a weekly cycle is not sought in 3 days', () => {
    const { ts, v } = daily(24 * 30, 8);
    expect(seasonalPeriod(v, ts, 24 * 3)).toBe(24);
    expect(seasonalPeriod(v, ts, 24 * 14)).toBe(168);
  });
  it('is 0 for a series without a season', () => {
    const ts = Array.from({ length: 500 }, (_, i) => i * HOUR);
    const v = ts.map((_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    expect(seasonalPeriod(v, ts, 400)).toBe(0);
  });
  it('does not look past the training span', () => {
    // a daily cycle that only starts after the training span
    const ts = Array.from({ length: 24 * 10 }, (_, i) => i * HOUR);
    const v = ts.map((_, i) => (i < 100 ? Math.sin(i * 12.9898) : 5 * Math.sin((2 * Math.PI * i) / 24)));
    expect(seasonalPeriod(v, ts, 100)).toBe(0);
  });
});

describe('seasonalDifference', () => {
  it('subtracts the value one period earlier, 0 before a full period and without one', () => {
    expect(seasonalDifference([1, 2, 3, 5, 8], 2)).toEqual([0, 0, 2, 3, 5]);
    expect(seasonalDifference([1, 2, 3], 0)).toEqual([0, 0, 0]);
  });
});
