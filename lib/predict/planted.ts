/**
 * Planted run-ups for the predictor's tests: noise in three features (about unit spread, as the
 * evaluation's robust scaling leaves it) and incidents of four kinds, labeled like the simulator
 * labels them, on 1-min windows starting at 0. A leak ramps feature 0 for an hour, then drops; a
 * slow-down ramps feature 1 for half an hour, then spikes; a burst hits feature 2 without warning;
 * a scan has a labeled run-up that shows nowhere.
 */
import type { LabelRow } from '../labels/types';
import { detectorRng } from '../detectors/rng';

export interface Planted {
  kind: 'leak' | 'slow' | 'burst' | 'scan';
  /** window index where the failure starts */
  at: number;
}

/** Run-up length of each kind, in windows. */
const RUN_UP = { leak: 60, slow: 30, burst: 0, scan: 15 } as const;
const MIN = 60_000;

export function plant(n: number, seed: number, incidents: readonly Planted[]): { X: number[][]; labels: LabelRow[] } {
  const rng = detectorRng(seed, 'knn-test');
  const X = Array.from({ length: n }, () => [0, 0, 0].map(() => 3.4 * (rng() - 0.5)));
  const labels: LabelRow[] = [];
  incidents.forEach(({ kind, at }, k) => {
    const pre = RUN_UP[kind];
    const id = `inc-${k + 1}`;
    for (let j = 1; j <= pre; j++) {
      if (kind === 'leak') X[at - pre - 1 + j][0] += (12 * j) / pre;
      if (kind === 'slow') X[at - pre - 1 + j][1] += (10 * j) / pre;
    }
    for (let j = 0; j < 10; j++) {
      if (kind === 'leak') X[at + j][0] = -5;
      if (kind === 'slow') X[at + j][1] = 20;
      if (kind === 'burst') X[at + j][2] = 15;
    }
    if (pre > 0) labels.push({ incidentId: id, kind, phase: 'precursor', start: (at - pre) * MIN, end: at * MIN, target: null });
    labels.push({ incidentId: id, kind, phase: 'failure', start: at * MIN, end: (at + 10) * MIN, target: null });
  });
  return { X, labels };
}

/** Three training days and a test day: three leaks, three slow-downs, two bursts and a scan to learn from; a leak, a slow-down and a burst to predict. */
const TRAIN_DAYS = 3;
export function plantedWeek(seed = 1): { X: number[][]; labels: LabelRow[]; train: number } {
  const train = TRAIN_DAYS * 1440;
  const { X, labels } = plant(train + 1440, seed, [
    { kind: 'leak', at: 600 },
    { kind: 'burst', at: 900 },
    { kind: 'slow', at: 1200 },
    { kind: 'scan', at: 1600 },
    { kind: 'leak', at: 2000 },
    { kind: 'burst', at: 2300 },
    { kind: 'slow', at: 2700 },
    { kind: 'leak', at: 3400 },
    { kind: 'slow', at: 4000 },
    { kind: 'leak', at: train + 500 },
    { kind: 'slow', at: train + 1000 },
    { kind: 'burst', at: train + 1200 },
  ]);
  return { X, labels, train };
}
