import { describe, expect, it } from 'vitest';
import { detectorRng } from '../detectors/rng';
import { brier, calibrateChecked, plattApply, plattFit, plattIfRising, probabilityOf, reliability } from './calibration';

describe('Platt scaling', () => {
  it('finds the logistic model that generated the labels', () => {
    const rng = detectorRng(7, 'platt-test');
    const x: number[] = [];
    const y: (0 | 1)[] = [];
    for (let i = 0; i < 20_000; i++) {
      const v = -3 + 6 * rng();
      x.push(v);
      y.push(rng() < plattApply({ a: -2, b: 0.5 }, v) ? 1 : 0);
    }
    const p = plattFit(x, y);
    expect(p.a).toBeCloseTo(-2, 1);
    expect(p.b).toBeCloseTo(0.5, 1);
  });

  it('stays finite on separable data through its smoothed targets (hand-computed)', () => {
    // targets 3/4 and 1/4 → p(1) = 3/4, p(−1) = 1/4 → a = −ln 3, b = 0
    const p = plattFit([-1, -1, 1, 1], [0, 0, 1, 1]);
    expect(p.a).toBeCloseTo(-Math.log(3), 8);
    expect(p.b).toBeCloseTo(0, 8);
    expect(plattApply(p, 1)).toBeCloseTo(0.75, 8);
  });

  it('is only used when it rises with the score', () => {
    expect(plattIfRising([-1, -1, 1, 1], [1, 1, 0, 0])).toBeNull();
    expect(plattIfRising([1, 2], [0, 0])).toBeNull();
    expect(probabilityOf(null, 0)).toBe(0.5);
  });

  it('names bad input', () => {
    expect(() => plattFit([1, NaN], [0, 1])).toThrow(/score 1 is NaN/);
    expect(() => plattFit([1, 2], [1, 1])).toThrow(/needs both labels, got 2 positive and 0 negative/);
    expect(() => plattFit([1], [0, 1])).toThrow(/1 scores but 2 labels/);
  });
});

describe('reliability and Brier, hand-computed', () => {
  const p = [0.05, 0.15, 0.12, 0.95, 1];
  const y: (0 | 1)[] = [0, 1, 0, 1, 1];

  it('bins predicted probabilities and compares with what happened', () => {
    const r = reliability(p, y, 10);
    expect(r.map((b) => [b.from, b.n])).toEqual([
      [0, 1],
      [0.1, 2],
      [0.9, 2],
    ]);
    expect(r[1].predicted).toBeCloseTo(0.135, 12);
    expect(r[1].observed).toBe(0.5);
    expect(r[2].predicted).toBeCloseTo(0.975, 12);
    expect(r[2].observed).toBe(1);
    expect(() => reliability([1.5], [1])).toThrow(/probability 0 is 1.5/);
  });

  it('scores the mean squared error', () => {
    expect(brier(p, y)).toBeCloseTo((0.05 ** 2 + 0.85 ** 2 + 0.12 ** 2 + 0.05 ** 2) / 5, 12);
  });
});

describe('calibration checked fold by fold', () => {
  it('predicts each fold with a calibration fitted on the other folds only', () => {
    const x = [-2, -1, 1, 2, -2, -1.5, 0.5, 1.5, -1, 0, 1, 2];
    const y: (0 | 1)[] = [0, 0, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1];
    const fold = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];
    const { platt, check } = calibrateChecked(x, y, fold);
    expect(platt).toEqual(plattFit(x, y));
    const nested = x.map((v, k) => {
      const rest = x.map((_, i) => i).filter((i) => fold[i] !== fold[k]);
      return plattApply(plattFit(rest.map((i) => x[i]), rest.map((i) => y[i])), v);
    });
    expect(check.brier).toBeCloseTo(brier(nested, y), 12);
    expect(check).toMatchObject({ method: 'platt', folds: 3, windows: 12, positives: 6, brierBaseRate: 0.25 });
  });
});
