import { describe, expect, it } from 'vitest';
import type { LabelRow } from '../labels/types';
import { alarmEvents, eventMetrics } from './events';

const M = 60_000;
const starts = Array.from({ length: 60 }, (_, i) => i * M); // one hour of 1-minute windows
const row = (incidentId: string, phase: 'precursor' | 'failure', from: number, to: number): LabelRow => ({ incidentId, kind: 'k', phase, start: from * M, end: to * M, target: null });
const labels: LabelRow[] = [
  row('inc-a', 'precursor', 10, 20),
  row('inc-a', 'failure', 20, 25),
  row('inc-b', 'failure', 50, 55), // no precursor
  row('inc-c', 'failure', 200, 210), // outside the evaluated hour: not counted
];
function scoresAlarmingAt(minutes: number[]): number[] {
  return starts.map((_, i) => (minutes.includes(i) ? 1 : 0));
}

describe('alarmEvents', () => {
  it('merges consecutive alarm windows and splits on gaps in time', () => {
    // windows at 0, 1, 2, 5, 6 min, all alarming: 2 → 5 is a gap
    const ev = alarmEvents([0, M, 2 * M, 5 * M, 6 * M], [1, 1, 1, 1, 1], M, 0.5);
    expect(ev).toEqual([
      { firstIndex: 0, lastIndex: 2, start: 0, end: 3 * M },
      { firstIndex: 3, lastIndex: 4, start: 5 * M, end: 7 * M },
    ]);
  });
});

describe('eventMetrics', () => {
  // events: [5], [12..14], [30], [52], [58..59]
  const scores = scoresAlarmingAt([5, 12, 13, 14, 30, 52, 58, 59]);
  it('counts detections, false alarms per day and lead', () => {
    const m = eventMetrics(starts, scores, M, labels, 0.5);
    expect(m.events.map((e) => [e.firstIndex, e.lastIndex])).toEqual([[5, 5], [12, 14], [30, 30], [52, 52], [58, 59]]);
    // inc-a window [20 − 10, 25) min: event [12, 15) matches; inc-b [40, 55): event [52, 53) matches
    expect(m.eventsDetected).toBe(2);
    expect(m.eventsTotal).toBe(2);
    // [5], [30], [58..59] match nothing; 3 false alarms in 1/24 day = 72 per day
    expect(m.falseAlarmEvents).toBe(3);
    expect(m.days).toBeCloseTo(1 / 24, 12);
    expect(m.falseAlarmsPerDay).toBeCloseTo(72, 9);
    // inc-a: lead = 20 − 12 = 8 min; inc-b has no precursor → no lead
    expect(m.incidents.map((r) => [r.incidentId, r.detected, r.firstAlarm, r.leadMs])).toEqual([
      ['inc-a', true, 12 * M, 8 * M],
      ['inc-b', true, 52 * M, null],
    ]);
    expect(m.medianLeadMs).toBe(8 * M);
  });
  it('honours the early margin and, on request, the precursor span', () => {
    // margin 2 min: inc-a window starts at 18; event [12, 15) misses it → 4 false alarms
    const strict = eventMetrics(starts, scores, M, labels, 0.5, { earlyMarginMs: 2 * M });
    expect(strict.eventsDetected).toBe(1);
    expect(strict.falseAlarmEvents).toBe(4);
    expect(strict.medianLeadMs).toBeNull();
    // matchPrecursor: window starts at min(18, 10) = 10 → detected again, lead 8 min
    const early = eventMetrics(starts, scores, M, labels, 0.5, { earlyMarginMs: 2 * M, matchPrecursor: true });
    expect(early.eventsDetected).toBe(2);
    expect(early.medianLeadMs).toBe(8 * M);
  });
  it('reports a late detection as negative lead and takes the median over incidents', () => {
    const two = [...labels, row('inc-d', 'precursor', 30, 35), row('inc-d', 'failure', 35, 40)];
    // inc-a first alarm at 22 → lead −2 min; inc-d alarm at 31 → lead 4 min; median (−2 + 4)/2 = 1 min
    const m = eventMetrics(starts, scoresAlarmingAt([22, 31]), M, two, 0.5);
    expect(m.incidents.find((r) => r.incidentId === 'inc-a')?.leadMs).toBe(-2 * M);
    expect(m.medianLeadMs).toBe(M);
    // inc-b never alarmed
    expect(m.incidents.find((r) => r.incidentId === 'inc-b')?.detected).toBe(false);
    expect([m.eventsDetected, m.eventsTotal, m.falseAlarmEvents]).toEqual([2, 3, 0]);
  });
  it('uses the given number of days and rejects bad options', () => {
    expect(eventMetrics(starts, scores, M, labels, 0.5, { days: 0.5 }).falseAlarmsPerDay).toBe(6);
    expect(() => eventMetrics(starts, scores, M, labels, 0.5, { earlyMarginMs: -1 })).toThrow('invalid earlyMarginMs: -1');
    expect(() => eventMetrics([], [], M, labels, 0.5)).toThrow('at least one window');
  });
});
