import { describe, expect, it } from 'vitest';
import type { LabelRow } from '../labels/types';
import { confusion, windowMetrics, windowTruth } from './windows';

const M = 60_000;
const starts = Array.from({ length: 10 }, (_, i) => i * M); // windows [iM, (i+1)M)
const row = (incidentId: string, phase: 'precursor' | 'failure', start: number, end: number): LabelRow => ({ incidentId, kind: 'latency-ramp', phase, start, end, target: null });
const labels: LabelRow[] = [
  row('inc-1', 'precursor', 0.5 * M, 2.5 * M), // overlaps windows 0, 1, 2
  row('inc-1', 'failure', 2.5 * M, 5 * M), // overlaps 2, 3, 4 (end exclusive: not 5)
  row('inc-2', 'failure', 7 * M, 8 * M), // exactly window 7
];

describe('windowTruth', () => {
  it('marks failure overlaps positive and precursor-only windows apart', () => {
    const t = windowTruth(starts, M, labels);
    expect(t.positive).toEqual([false, false, true, true, true, false, false, true, false, false]);
    // window 2 overlaps both phases: failure wins
    expect(t.precursor).toEqual([true, true, false, false, false, false, false, false, false, false]);
  });
  it('rejects an empty label span', () => {
    expect(() => windowTruth(starts, M, [row('x', 'failure', 5, 5)])).toThrow('invalid label span for x/failure');
  });
});

describe('windowMetrics', () => {
  // alarms (≥ 0.5) at windows 0, 2, 4, 5, 7
  const scores = [0.9, 0.1, 0.8, 0.3, 0.7, 0.6, 0.2, 0.9, 0.4, 0.1];
  it('counts precision / recall / F1 without the precursor windows', () => {
    const m = windowMetrics(scores, windowTruth(starts, M, labels), 0.5);
    // positives 2,3,4,7 → tp 3 (2,4,7), fn 1 (3); negatives 5,6,8,9 → fp 1 (5), tn 3
    expect(m.confusion).toEqual({ tp: 3, fp: 1, fn: 1, tn: 3 });
    // P = 3/4, R = 3/4, F1 = 3/4
    expect(m.precision).toBe(0.75);
    expect(m.recall).toBe(0.75);
    expect(m.f1).toBe(0.75);
    // precursor windows 0 (alarm) and 1 (quiet)
    expect(m.precursorWindows).toBe(2);
    expect(m.precursorAlarms).toBe(1);
  });
  it('counts precursor windows as negatives when nothing is excluded', () => {
    const t = windowTruth(starts, M, labels);
    // window 0 alarms → fp 2; window 1 quiet → tn 4
    expect(confusion(scores, t.positive, 0.5)).toEqual({ tp: 3, fp: 2, fn: 1, tn: 4 });
  });
  it('gives 0 precision when nothing alarms', () => {
    const m = windowMetrics(scores, windowTruth(starts, M, labels), 2);
    expect(m.confusion).toEqual({ tp: 0, fp: 0, fn: 4, tn: 4 });
    expect([m.precision, m.recall, m.f1]).toEqual([0, 0, 0]);
  });
  it('rejects mismatched lengths and non-finite scores', () => {
    const t = windowTruth(starts, M, labels);
    expect(() => windowMetrics(scores.slice(1), t, 0.5)).toThrow('length mismatch');
    expect(() => windowMetrics([Number.NaN, ...scores.slice(1)], t, 0.5)).toThrow('invalid scores[0]: NaN');
  });
});
