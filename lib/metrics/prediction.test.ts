import { describe, expect, it } from 'vitest';
import type { LabelRow } from '../labels/types';
import { predictionMetrics } from './prediction';

const MIN = 60_000;
const row = (incidentId: string, kind: string, phase: 'precursor' | 'failure', from: number, to: number): LabelRow => ({
  incidentId,
  kind,
  phase,
  start: from * MIN,
  end: to * MIN,
  target: null,
});

// 100 one-minute windows; a ramp warned 5 min ahead, a sudden burst, a kind never seen, a second ramp warned 4 min ahead
const starts = Array.from({ length: 100 }, (_, i) => i * MIN);
const labels: LabelRow[] = [
  row('inc-1', 'ramp', 'precursor', 20, 30),
  row('inc-1', 'ramp', 'failure', 30, 35),
  row('inc-4', 'other', 'precursor', 40, 45),
  row('inc-4', 'other', 'failure', 45, 47),
  row('inc-2', 'burst', 'failure', 60, 62),
  row('inc-3', 'ramp', 'precursor', 75, 85),
  row('inc-3', 'ramp', 'failure', 85, 90),
];
const alarmAt = [10, 24, 25, 60, 70, 72, 80, 81, 82, 83];
const scores = starts.map((_, i) => (alarmAt.includes(i) ? 1 : 0));
const options = { horizonMs: 10 * MIN, learnableKinds: ['ramp'], rearmMs: 2 * MIN };

describe('prediction metrics, hand-computed', () => {
  const m = predictionMetrics(starts, scores, MIN, labels, 0.5, options);

  it('raises each warning at the end of its first window and merges one re-raised within the re-arm time', () => {
    expect(m.warnings.map((w) => [w.raisedAt / MIN, w.liftedAt / MIN])).toEqual([
      [11, 12],
      [25, 27],
      [61, 62],
      [71, 74],
      [81, 85],
    ]);
    expect(m.warnings.map((w) => w.outcome)).toEqual(['false', 'followed', 'during-incident', 'false', 'followed']);
    expect(m.warnings.map((w) => w.followedBy)).toEqual([null, 'inc-1', null, null, 'inc-3']);
    expect(m.followed).toBe(2);
    expect(m.followedShare).toBe(2 / 5);
    expect(m.falseWarnings).toBe(2);
    expect(m.days).toBeCloseTo(100 / 1440, 12);
    expect(m.falseWarningsPerDay).toBeCloseTo(2 * 14.4, 9);
  });

  it('warns a failure when a warning is up in its run-up, with the lead from that moment', () => {
    expect(m.failures.map((f) => [f.incidentId, f.status, f.warned, f.leadMs === null ? null : f.leadMs / MIN])).toEqual([
      ['inc-1', 'learnable', true, 5],
      ['inc-4', 'unseen', false, null],
      ['inc-2', 'sudden', false, null],
      ['inc-3', 'learnable', true, 4],
    ]);
    expect([m.warned, m.predictable]).toEqual([2, 2]);
    expect([m.warnedAnyRunUp, m.withRunUp]).toEqual([2, 3]);
    expect(m.medianLeadMs).toBe(4.5 * MIN);
    expect(m.byKind).toEqual({
      ramp: { status: 'learnable', warned: 2, total: 2 },
      other: { status: 'unseen', warned: 0, total: 1 },
      burst: { status: 'sudden', warned: 0, total: 1 },
    });
  });

  it('gives the share of time a failure starts within the horizon of: what a random warning would get', () => {
    // [20,30] ∪ [35,45] ∪ [50,60] ∪ [75,85] of 100 minutes
    expect(m.chanceShare).toBeCloseTo(0.4, 12);
  });

  it('counts a re-raised warning as a new one without a re-arm time, and a faint kind as such', () => {
    const raw = predictionMetrics(starts, scores, MIN, labels, 0.5, { ...options, rearmMs: 0, faintKinds: ['other'] });
    expect(raw.warnings.map((w) => w.raisedAt / MIN)).toEqual([11, 25, 61, 71, 73, 81]);
    expect(raw.falseWarnings).toBe(3);
    expect(raw.failures.find((f) => f.incidentId === 'inc-4')?.status).toBe('faint');
  });

  it('counts a warning up until its failure as followed even beyond the horizon, and a late one as no warning', () => {
    const long = [row('a', 'leak', 'precursor', 0, 60), row('a', 'leak', 'failure', 60, 65)];
    const up = starts.map((_, i) => (i >= 5 && i <= 59 ? 1 : 0));
    const r = predictionMetrics(starts, up, MIN, long, 0.5, { horizonMs: 10 * MIN, learnableKinds: ['leak'] });
    expect(r.warnings.map((w) => [w.raisedAt / MIN, w.outcome])).toEqual([[6, 'followed']]);
    expect(r.failures[0].leadMs).toBe(54 * MIN);
    // raised the moment the failure starts: no lead, so not a warning before it, and not followed either
    const late = starts.map((_, i) => (i === 59 ? 1 : 0));
    const l = predictionMetrics(starts, late, MIN, long, 0.5, { horizonMs: 10 * MIN, learnableKinds: ['leak'] });
    expect(l.failures[0].warned).toBe(false);
    expect(l.warnings[0].outcome).toBe('during-incident');
  });

  it('leaves failures starting outside the span out and rejects bad input', () => {
    const r = predictionMetrics(starts.slice(0, 50), scores.slice(0, 50), MIN, labels, 0.5, options);
    expect(r.failures.map((f) => f.incidentId)).toEqual(['inc-1', 'inc-4']);
    expect(() => predictionMetrics(starts, scores, MIN, labels, 0.5, { ...options, horizonMs: 0 })).toThrow(/invalid horizonMs: 0/);
    expect(() => predictionMetrics([], [], MIN, labels, 0.5, options)).toThrow(/at least one window/);
    expect(() => predictionMetrics(starts, scores, MIN, labels, 0.5, { ...options, rearmMs: -1 })).toThrow(/invalid rearmMs: -1/);
  });
});
