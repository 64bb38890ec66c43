import { describe, expect, it } from 'vitest';
import { alarmEvents } from './events';
import { alarmBudgetThreshold, bestF1, oracleThreshold, quantile, quantileThreshold, trainBestF1Threshold } from './thresholds';

describe('quantile', () => {
  it('interpolates linearly like numpy', () => {
    // h = 4 · 0.9 = 3.6 → 4 + 0.6 · (5 − 4)
    expect(quantile([5, 1, 4, 2, 3], 0.9)).toBeCloseTo(4.6, 12);
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(quantile([10], 0.99)).toBe(10);
    expect(quantile([1, 2], 1)).toBe(2);
  });
  it('rejects bad input', () => {
    expect(() => quantile([], 0.5)).toThrow('empty');
    expect(() => quantile([1], 1.5)).toThrow('invalid quantile: 1.5');
  });
  it('makes a threshold rule from training scores', () => {
    // 0..100: h = 100 · 0.99 = 99
    const train = Array.from({ length: 101 }, (_, i) => i);
    const t = quantileThreshold(train);
    expect(t.rule).toBe('quantile');
    expect(t.q).toBe(0.99);
    expect(t.threshold).toBeCloseTo(99, 9);
  });
});

describe('bestF1', () => {
  it('picks the F1-maximising distinct score', () => {
    // F1 by threshold: .9 → 1/2, .8 → 2/5, .7 → 2/3, .6 → 4/7, .5 → P 3/5, R 1 → 3/4
    const b = bestF1([0.9, 0.8, 0.7, 0.6, 0.5], [true, false, true, false, true]);
    expect(b).toEqual({ threshold: 0.5, precision: 0.6, recall: 1, f1: 0.75 });
  });
  it('breaks ties towards the higher threshold and skips excluded windows', () => {
    // .9 → P 1, R 1/2, F1 2/3; .6 → P 1/2, R 1, F1 2/3: tie → .9
    expect(bestF1([0.9, 0.8, 0.7, 0.6], [true, false, false, true]).threshold).toBe(0.9);
    // without window 1: .9 → 2/3, .7 → 1/2, .6 → P 2/3, R 1, F1 4/5
    const b = bestF1([0.9, 0.8, 0.7, 0.6], [true, false, false, true], [false, true, false, false]);
    expect(b.threshold).toBe(0.6);
    expect(b.f1).toBeCloseTo(0.8, 12);
  });
  it('refuses a span without positives', () => {
    expect(() => bestF1([1, 2], [false, false])).toThrow('at least one positive');
  });
  it('labels the deployable rule and the oracle upper bound', () => {
    const train = trainBestF1Threshold([0.9, 0.8, 0.7, 0.6, 0.5], [true, false, true, false, true]);
    expect(train).toEqual({ threshold: 0.5, rule: 'train-best-f1', q: null, trainF1: 0.75, perDay: null, trainAlarms: null });
    const oracle = oracleThreshold([0.9, 0.1], [true, false]);
    expect(oracle).toEqual({ threshold: 0.9, precision: 1, recall: 1, f1: 1, upperBound: true });
  });
});

describe('alarmBudgetThreshold', () => {
  // 24 hourly windows: exactly one training day, so the budget is perDay events
  const H = 3_600_000;
  const starts = Array.from({ length: 24 }, (_, i) => i * H);
  const day = (peaks: Record<number, number>) => starts.map((_, i) => peaks[i] ?? 0);
  // events by threshold: 5 → {3}; 4 → {3,4}; 3 → {3,4},{10}; 2 → +{15}; 1 → +{20}
  const scores = day({ 3: 5, 4: 4, 10: 3, 15: 2, 20: 1 });

  it('picks the lowest distinct score whose merged alarm events fit the budget', () => {
    expect(alarmBudgetThreshold(starts, scores, H, 2)).toEqual({ threshold: 3, rule: 'alarm-budget', q: null, trainF1: null, perDay: 2, trainAlarms: 2 });
    // 3 would give 2 events > 1; 4 merges windows 3 and 4 into one event
    expect(alarmBudgetThreshold(starts, scores, H, 1)).toMatchObject({ threshold: 4, trainAlarms: 1 });
    // 4 events fit 10/day; the minimum (0) is never a candidate: every window would alarm
    expect(alarmBudgetThreshold(starts, scores, H, 10)).toMatchObject({ threshold: 1, trainAlarms: 4 });
  });

  it('scales the budget with the training days', () => {
    // the same day twice (48 h): 2 days × 1/day = 2 events → {3,4},{27,28} at 4; 3 adds {10},{34}
    const two = Array.from({ length: 48 }, (_, i) => i * H);
    expect(alarmBudgetThreshold(two, [...scores, ...scores], H, 1)).toMatchObject({ threshold: 4, trainAlarms: 2 });
  });

  it('does not count events touching excluded (labeled) windows', () => {
    // window 10 is a labeled incident: at 3 only {3,4} counts, at 2 {15} breaks a 1/day budget
    const exclude = starts.map((_, i) => i === 10);
    expect(alarmBudgetThreshold(starts, scores, H, 1, exclude)).toMatchObject({ threshold: 3, trainAlarms: 1 });
    // an event counts off the budget as a whole when any of its windows is excluded
    const excl4 = starts.map((_, i) => i === 4);
    expect(alarmBudgetThreshold(starts, scores, H, 1, excl4)).toMatchObject({ threshold: 3, trainAlarms: 1 });
  });

  it('merges like alarmEvents: a gap in time splits an event', () => {
    // windows 0–2 then 5–7 (hours 3, 4 missing): index-adjacent 2 and 3 are two events
    const gap = [0, 1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23].map((h) => h * H);
    const s = gap.map((_, i) => (i === 2 || i === 3 ? 9 : 0));
    expect(alarmEvents(gap, s, H, 9)).toHaveLength(2);
    // 22 windows over 24 h: 1/day allows one event, so 9 (two events) does not fit
    expect(alarmBudgetThreshold(gap, s, H, 1).threshold).toBeGreaterThan(9);
    expect(alarmBudgetThreshold(gap, s, H, 2)).toMatchObject({ threshold: 9, trainAlarms: 2 });
  });

  it('stops at the first threshold over budget although a lower one would merge into fewer events', () => {
    // 3 → {1},{3}: 2 events > 1; 1 → {1,2,3}: one event, but it is not taken
    const s = day({ 1: 3, 2: 1, 3: 3 });
    const c = alarmBudgetThreshold(starts, s, H, 1);
    expect(c.threshold).toBeGreaterThan(3);
    expect(c.trainAlarms).toBe(0);
  });

  it('goes just above the maximum when no threshold fits or all scores are equal', () => {
    // 0.5/day over one day: not even one event fits
    const none = alarmBudgetThreshold(starts, scores, H, 0.5);
    expect(none.threshold).toBeGreaterThan(5);
    expect(none.threshold).toBeLessThan(5 + 1e-9);
    expect(alarmEvents(starts, scores, H, none.threshold)).toEqual([]);
    // all equal: the only threshold alarms on every window, which is no alarm rule
    const flat = alarmBudgetThreshold(starts, starts.map(() => 2), H, 100);
    expect(flat).toMatchObject({ threshold: 2 + 2 * Number.EPSILON, trainAlarms: 0 });
    expect(alarmBudgetThreshold(starts, starts.map(() => 0), H, 1).threshold).toBe(Number.MIN_VALUE);
    expect(alarmBudgetThreshold(starts, starts.map(() => -1), H, 1).threshold).toBe(-1 + Number.EPSILON);
  });

  it('sees the training span only: it takes training arrays, so test scores cannot move it', () => {
    // the caller slices the training span; whatever follows it (here a wild test half) never reaches the rule
    const train = alarmBudgetThreshold(starts, scores, H, 1);
    const test = starts.map((_, i) => (i % 2 ? 100 : -100));
    const all = [...scores, ...test];
    expect(alarmBudgetThreshold(starts, all.slice(0, 24), H, 1)).toEqual(train);
    expect(alarmBudgetThreshold.length).toBe(5);
  });

  it('rejects bad input', () => {
    expect(() => alarmBudgetThreshold(starts, scores, H, -1)).toThrow('invalid alarms per day: -1');
    expect(() => alarmBudgetThreshold(starts, scores, H, Number.NaN)).toThrow('invalid alarms per day');
    expect(() => alarmBudgetThreshold(starts, scores.slice(1), H, 1)).toThrow('length mismatch');
    expect(() => alarmBudgetThreshold([], [], H, 1)).toThrow('at least one training window');
    expect(() => alarmBudgetThreshold(starts, scores, H, 1, [true])).toThrow('length mismatch');
  });
});
