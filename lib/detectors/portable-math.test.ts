import { describe, expect, it } from 'vitest';
import { exp, log, unitRoots } from './portable-math';
import { detectorRng } from './rng';

/** |a − b| in units of b's last place. */
const ulps = (a: number, b: number) => Math.abs(a - b) / (Number.EPSILON * Math.max(Math.abs(b), Number.MIN_VALUE));

describe('portable log and exp', () => {
  it('stay within a few ulps of Math.log and Math.exp over their range', () => {
    const rng = detectorRng(1, 'math');
    let worstLog = 0;
    let worstExp = 0;
    for (let i = 0; i < 20000; i++) {
      const x = Math.pow(10, 600 * rng() - 300);
      worstLog = Math.max(worstLog, ulps(log(x), Math.log(x)));
      const y = 1400 * rng() - 700;
      worstExp = Math.max(worstExp, ulps(exp(y), Math.exp(y)));
    }
    expect(worstLog).toBeLessThan(4);
    expect(worstExp).toBeLessThan(4);
  });

  it('hit exact and edge values', () => {
    expect(log(1)).toBe(0);
    expect(exp(0)).toBe(1);
    expect(log(Math.E)).toBeCloseTo(1, 15);
    expect(log(0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(log(5e-324)).toBeCloseTo(Math.log(5e-324), 10);
    expect(exp(710)).toBe(Infinity);
    expect(exp(-746)).toBe(0);
    // subnormal: few bits of precision left, so relative agreement only
    expect(Math.abs(exp(-740) / Math.exp(-740) - 1)).toBeLessThan(0.02);
    expect(exp(709.7)).toBeCloseTo(Math.exp(709.7), -295);
  });

  it('gives the unit roots of a power of two', () => {
    const { cos, sin } = unitRoots(64);
    for (let k = 0; k < 64; k++) {
      expect(Math.abs(cos[k] - Math.cos((2 * Math.PI * k) / 64))).toBeLessThan(2e-15);
      expect(Math.abs(sin[k] - Math.sin((2 * Math.PI * k) / 64))).toBeLessThan(2e-15);
    }
    expect(() => unitRoots(48)).toThrow('unitRoots: 48 is not a power of two');
  });
});
