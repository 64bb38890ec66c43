import { describe, expect, it } from 'vitest';
import { SHAPE_DIMS, signatureWidth, signatures } from './signature';

const slog = (v: number) => Math.sign(v) * Math.log1p(Math.abs(v));

describe('signature, hand-computed', () => {
  // two features; smooth 2, trend 1
  const X = [
    [0, 0],
    [2, -4],
    [4, 0],
    [10, 0],
  ];
  const S = signatures(X, { smooth: 2, trend: 1 });

  it('holds the smoothed level, its change over `trend` windows, and the ramp', () => {
    expect(signatureWidth(2, { smooth: 2, trend: 1 })).toBe(4 + SHAPE_DIMS);
    // levels: [0,0], [1,−2], [3,−2], [7,0]; trends against the level one window back
    const level = [
      [0, 0],
      [1, -2],
      [3, -2],
      [7, 0],
    ];
    const trend = [
      [0, 0],
      [1, -2],
      [2, 0],
      [4, 2],
    ];
    for (let t = 0; t < 4; t++) {
      const e = [...level[t].map(slog), ...trend[t].map(slog)];
      e.forEach((v, j) => expect(S[t][j]).toBeCloseTo(v, 12));
    }
    // ramp over halves of one window: feature 0 climbs 1 then 2 (window 2) and 2 then 4 (window 3);
    // feature 1 falls then stays (window 2: −2 then 0, no ramp), then rises back (window 3: 0 then 2)
    expect(S[0][4]).toBe(0);
    expect(S[1][4]).toBe(0);
    expect(S[2][4]).toBeCloseTo(slog(1), 12);
    expect(S[3][4]).toBeCloseTo(slog(2), 12);
  });

  it('tells a ramp from a step: a step moves in one half of the look-back only', () => {
    const step = Array.from({ length: 40 }, (_, t) => [t < 20 ? 0 : 10]);
    const ramp = Array.from({ length: 40 }, (_, t) => [t / 2]);
    const o = { smooth: 1, trend: 10 };
    const rampS = signatures(ramp, o);
    const stepS = signatures(step, o);
    // 10 windows after the step both halves no longer straddle it; the ramp keeps climbing 2.5 per half
    expect(stepS[30][2]).toBe(0);
    expect(rampS[30][2]).toBeCloseTo(slog(2.5), 12);
    // right at the step only one half moved
    expect(stepS[22][2]).toBe(0);
  });

  it('compresses large deviations: z = 300 is not 60 times z = 5', () => {
    const [a] = signatures([[300]], { smooth: 1, trend: 0 });
    const [b] = signatures([[5]], { smooth: 1, trend: 0 });
    expect(a[0] / b[0]).toBeLessThan(4);
    expect(a.length).toBe(1 + SHAPE_DIMS);
  });

  it('is causal: appending windows never changes an earlier signature', () => {
    const more = [...X, [-50, 7], [3, 3]];
    const T = signatures(more, { smooth: 3, trend: 2 });
    const U = signatures(X, { smooth: 3, trend: 2 });
    U.forEach((row, t) => expect(Array.from(T[t])).toEqual(Array.from(row)));
  });

  it('rejects bad options and ragged rows, naming them', () => {
    expect(() => signatures(X, { smooth: 0, trend: 1 })).toThrow(/invalid smooth: 0/);
    expect(() => signatures(X, { smooth: 1, trend: -1 })).toThrow(/invalid trend: -1/);
    expect(() => signatures([[1, 2], [3]], { smooth: 1, trend: 1 })).toThrow(/row 1 has 1 features, expected 2/);
  });
});
