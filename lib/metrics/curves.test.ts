import { describe, expect, it } from 'vitest';
import { averagePrecision, bufferedLabels, pointAdjustedF1, prCurve, rangePrAuc, vusPr } from './curves';

describe('prCurve / averagePrecision', () => {
  const scores = [0.9, 0.8, 0.7, 0.6, 0.5];
  const positive = [true, false, true, false, true];
  it('steps through distinct thresholds, highest first', () => {
    expect(prCurve(scores, positive)).toEqual([
      { threshold: 0.9, precision: 1, recall: 1 / 3 },
      { threshold: 0.8, precision: 1 / 2, recall: 1 / 3 },
      { threshold: 0.7, precision: 2 / 3, recall: 2 / 3 },
      { threshold: 0.6, precision: 2 / 4, recall: 2 / 3 },
      { threshold: 0.5, precision: 3 / 5, recall: 1 },
    ]);
  });
  it('is step-wise average precision, as sklearn', () => {
    // AP = 1/3 · 1 + 0 · 1/2 + 1/3 · 2/3 + 0 · 1/2 + 1/3 · 3/5 = 1/3 + 2/9 + 1/5 = 34/45 ≈ 0.7556
    expect(averagePrecision(scores, positive)).toBeCloseTo(34 / 45, 12);
  });
  it('groups tied scores into one point', () => {
    // threshold 0.5: tp 1, fp 1 → P 1/2, R 1/2; threshold 0.2: P 2/3, R 1 → AP = 1/4 + 1/3 = 7/12
    expect(prCurve([0.5, 0.5, 0.2], [true, false, true])).toHaveLength(2);
    expect(averagePrecision([0.5, 0.5, 0.2], [true, false, true])).toBeCloseTo(7 / 12, 12);
  });
  it('is NaN without positives', () => {
    expect(averagePrecision([0.1, 0.2], [false, false])).toBeNaN();
  });
});

describe('bufferedLabels', () => {
  const positive = [false, false, true, true, false, false];
  const r2 = Math.SQRT1_2; // sqrt(1 − 1/2)
  const r34 = Math.sqrt(0.75); // sqrt(1 − 1/4)
  it('leaves labels binary for buffers 0 and 1', () => {
    expect(bufferedLabels(positive, 1)).toEqual({ labels: [0, 0, 1, 1, 0, 0], ranges: [{ start: 2, end: 4 }] });
  });
  it('adds sqrt slopes of ⌊buffer/2⌋ windows, the trailing one starting on the last anomalous window', () => {
    // buffer 2, slope 1: before: x=1 → sqrt(1 − 1/2); after: only x=3 (inside, clipped to 1)
    expect(bufferedLabels(positive, 2)).toEqual({ labels: [0, r2, 1, 1, 0, 0], ranges: [{ start: 1, end: 4 }] });
    // buffer 4, slope 2: x=0 → sqrt(1 − 2/4), x=1 → sqrt(1 − 1/4); x=4 → sqrt(1 − 1/4)
    const b4 = bufferedLabels(positive, 4);
    expect(b4.labels.map((v) => +v.toFixed(12))).toEqual([r2, r34, 1, 1, r34, 0].map((v) => +v.toFixed(12)));
    expect(b4.ranges).toEqual([{ start: 0, end: 5 }]);
  });
});

describe('rangePrAuc / vusPr (Paparrizos et al. 2022)', () => {
  it('integrates from (recall 0, precision 1) by trapezoids', () => {
    // t = 0.9 predicts only the normal window 0: recall 0, precision 0 → area (0 − 0)·… = 0
    // t = 0.5 predicts {0, 1}: P = (1 + 1)/2 = 1, recall 1, precision 1/2 → area (1 − 0)(1/2 + 0)/2 = 1/4
    expect(rangePrAuc([0.9, 0.5, 0.1, 0.2], [false, true, false, false], 0)).toBeCloseTo(0.25, 12);
  });
  const scores = [0.1, 0.8, 0.9, 0.2, 0.3, 0.4];
  const positive = [false, false, true, true, false, false];
  it('buffer 0: plain labels', () => {
    // P = 2. t=.9: {2} R 1/2, prec 1 → 1/2·(1 + 1)/2 = 1/2. t=.8,.4,.3: R stays 1/2.
    // t=.2: {1..5} tp 2, R 1, prec 2/5; previous prec 1/4 → 1/2·(2/5 + 1/4)/2 = 0.1625. Sum 0.6625.
    expect(rangePrAuc(scores, positive, 0)).toBeCloseTo(0.6625, 12);
  });
  it('buffer 2: continuous labels [0, s, 1, 1, 0, 0], s = sqrt(1/2)', () => {
    // P = (2 + 2 + s)/2 = 2.3535534. t=.9: tp 1, R = 1/P = 0.4248894, prec 1 → area 0.4248894
    // t=.8: {1,2} tp 1 + s, R = (1+s)/P = 0.7253317, prec (1+s)/2 → (R₂ − R₁)(prec + 1)/2 = 0.2784443
    // t=.2: {1..5} tp 2 + s ≥ P → R 1, prec (2+s)/5; previous prec (1+s)/4 → 0.1329652. Sum 0.8362990
    expect(rangePrAuc(scores, positive, 2)).toBeCloseTo(0.836298962913, 10);
  });
  it('VUS-PR is the mean over buffers 0..L', () => {
    // buffers 0, 1, 2: (0.6625 + 0.6625 + 0.8362990) / 3
    expect(vusPr(scores, positive, 2)).toBeCloseTo((0.6625 * 2 + 0.836298962913) / 3, 10);
    expect(vusPr(scores, positive, 0)).toBeCloseTo(0.6625, 12);
  });
  it('matches a numpy transliteration of the reference code on 600 windows', () => {
    // values from aeon's range_pr_roc_auc_support re-typed in numpy (not shipped), buffers 0..10
    const n = 600;
    const pos = Array.from({ length: n }, (_, i) => (i >= 100 && i < 130) || (i >= 400 && i < 420));
    const sc = pos.map((p, i) => ((i * 7919) % 1000) / 1000 + (p ? 0.3 : 0));
    expect(rangePrAuc(sc, pos, 0)).toBeCloseTo(0.41027769476345666, 10);
    expect(rangePrAuc(sc, pos, 5)).toBeCloseTo(0.42500837098251715, 10);
    expect(vusPr(sc, pos, 10)).toBeCloseTo(0.4205700543963243, 10);
  });
  it('is NaN without positives and rejects bad buffers', () => {
    expect(vusPr([1, 2], [false, false], 2)).toBeNaN();
    expect(() => rangePrAuc([1, 2], [true, false], 1.5)).toThrow('invalid buffer: 1.5');
  });
});

describe('pointAdjustedF1', () => {
  it('credits a whole positive run for one alarm and says it is inflated', () => {
    const positive = [false, true, true, true, false, false, true, true, false, false];
    const scores = [0, 0, 0, 0.9, 0, 0.8, 0, 0, 0, 0];
    // runs [1,4) (alarm at 3 → 1,2,3 count) and [6,8) (none); alarm 5 is false
    // tp 3, fp 1, fn 2 → P 3/4, R 3/5, F1 = 2 · 0.45 / 1.35 = 2/3 (unadjusted: tp 1, fp 1, fn 4 → F1 2/7)
    const pa = pointAdjustedF1(scores, positive, 0.5);
    expect(pa.precision).toBe(0.75);
    expect(pa.recall).toBe(0.6);
    expect(pa.f1).toBeCloseTo(2 / 3, 12);
    expect(pa.inflated).toBe(true);
  });
});
