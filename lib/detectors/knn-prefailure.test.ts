import { describe, expect, it } from 'vitest';
import { defaults, fit, nearest, score, warnings, type KnnPrefailureModel } from './knn-prefailure';
import { detectorRng } from './rng';
import { predictionMetrics } from '../metrics/prediction';
import { plant, plantedWeek } from '../predict/planted';

const MIN = 60_000;
const TRAIN = 3 * 1440;

const data = plantedWeek(1);
const starts = data.X.map((_, i) => i * MIN);
const train = { X: data.X.slice(0, TRAIN), starts: starts.slice(0, TRAIN), windowMs: MIN, labels: data.labels };
const model = fit(train, defaults, detectorRng(1, 'knn-prefailure'));
const p = score(model, data.X);
const near = nearest(model, data.X);

describe('KNN failure predictor, planted run-ups', () => {
  it('learns the kinds whose run-up shows, and says which it cannot predict', () => {
    expect(model.learnableKinds).toEqual(['leak', 'slow']);
    expect(model.suddenKinds).toEqual(['burst']);
    expect(model.faintKinds).toEqual(['scan']);
    expect(model.incidents.map((i) => i.id)).toEqual(['inc-1', 'inc-3', 'inc-5', 'inc-7', 'inc-8', 'inc-9']);
    // the longest learned run-up is the leak's hour
    expect(model.horizonMs).toBe(60 * MIN);
  });

  it('warns in the run-up to new failures, before they start, with at most one false warning in the test day', () => {
    const w = warnings(model, p);
    const leak = TRAIN + 500;
    const slow = TRAIN + 1000;
    expect(w.subarray(leak - 20, leak).some(Boolean)).toBe(true);
    expect(w.subarray(slow - 10, slow).some(Boolean)).toBe(true);
    const m = predictionMetrics(starts.slice(TRAIN), Array.from(p.subarray(TRAIN)), MIN, data.labels, model.threshold, {
      horizonMs: model.horizonMs,
      learnableKinds: model.learnableKinds,
    });
    expect([m.warned, m.predictable]).toEqual([2, 2]);
    expect(m.medianLeadMs).toBeGreaterThanOrEqual(10 * MIN);
    // the training budget is 0.5 false warnings a day
    expect(m.falseWarnings).toBeLessThanOrEqual(1);
    expect(p[leak - 5]).toBeGreaterThan(p[TRAIN + 200]);
  });

  it('names a past incident of the same kind as the one coming', () => {
    const kindAt = (i: number) => model.incidents[near[i]]?.kind;
    expect(kindAt(TRAIN + 500 - 5)).toBe('leak');
    expect(kindAt(TRAIN + 1000 - 3)).toBe('slow');
  });

  it('gives probabilities, calibrated out-of-fold better than the base rate', () => {
    for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
    expect(model.calibration.method).toBe('platt');
    expect(model.calibration.brier).toBeLessThan(model.calibration.brierBaseRate);
    expect(model.calibration.folds).toBeGreaterThanOrEqual(6);
    const total = model.calibration.reliability.reduce((a, b) => a + b.n, 0);
    expect(total).toBe(model.calibration.windows);
  });

  it('chooses its threshold within the false-warning budget on the training span', () => {
    expect(model.threshold).toBeGreaterThan(0);
    expect(model.threshold).toBeLessThanOrEqual(1);
    expect(model.trainFalseWarnings).toBeLessThanOrEqual(defaults.warningsPerDay * 3);
  });

  it('is causal: appending windows never changes an earlier window’s output', () => {
    const cut = TRAIN + 700;
    const head = data.X.slice(0, cut);
    expect(Array.from(score(model, head))).toEqual(Array.from(p.subarray(0, cut)));
    expect(Array.from(nearest(model, head))).toEqual(Array.from(near.subarray(0, cut)));
  });

  it('gives the same model and probabilities with ml-knn’s k-d tree as with the scan', () => {
    const tree = fit(train, { ...defaults, index: 'kd-tree' }, detectorRng(1, 'knn-prefailure'));
    const scan = fit(train, { ...defaults, index: 'scan' }, detectorRng(1, 'knn-prefailure'));
    expect({ ...tree, index: 'auto' }).toEqual(model);
    expect({ ...scan, index: 'auto' }).toEqual(model);
    expect(Array.from(score(tree, data.X))).toEqual(Array.from(p));
    expect(Array.from(nearest(tree, data.X))).toEqual(Array.from(near));
    expect(() => fit(train, { ...defaults, index: 'ball' as never }, detectorRng(1, 'k'))).toThrow(/invalid index: ball \(expected one of auto, scan, kd-tree\)/);
  });

  it('is plain JSON and the same for the same seed', () => {
    const copy = JSON.parse(JSON.stringify(model)) as KnnPrefailureModel;
    expect(Array.from(score(copy, data.X))).toEqual(Array.from(p));
    expect(fit(train, defaults, detectorRng(1, 'knn-prefailure'))).toEqual(model);
  });
});

describe('KNN failure predictor, what it refuses', () => {
  it('cannot learn without a visible labeled run-up, and says why', () => {
    const sudden = plant(2000, 2, [{ kind: 'burst', at: 500 }]);
    const s = { X: sudden.X, starts: starts.slice(0, 2000), windowMs: MIN, labels: sudden.labels };
    expect(() => fit(s, defaults, detectorRng(1, 'k'))).toThrow(/no labeled run-up \(precursor\) in the training span to learn from \(1 failure there, all sudden: burst\)/);
    const faint = plant(2000, 2, [{ kind: 'scan', at: 500 }]);
    expect(() => fit({ ...s, X: faint.X, labels: faint.labels }, defaults, detectorRng(1, 'k'))).toThrow(/no run-up in the training span shows in these features \(scan inc-1/);
  });

  it('names bad options and mismatched input', () => {
    expect(() => fit(train, { ...defaults, neighbours: 0 }, detectorRng(1, 'k'))).toThrow(/invalid neighbours: 0/);
    expect(() => fit(train, { ...defaults, trend: -2 }, detectorRng(1, 'k'))).toThrow(/invalid trend: -2/);
    expect(() => fit(train, { ...defaults, warningsPerDay: -1 }, detectorRng(1, 'k'))).toThrow(/invalid warningsPerDay: -1/);
    expect(() => fit({ ...train, starts: starts.slice(0, 10) }, defaults, detectorRng(1, 'k'))).toThrow(/4320 rows but 10 window starts/);
    expect(() => score(model, [[1, 2]])).toThrow(/row 0 has 2 features, expected 3/);
  });
});
