import { describe, expect, it } from 'vitest';
import { incidents, matchIncidents } from './match';
import type { LabelRow } from '../labels/types';

const M = 60_000;
const row = (incidentId: string, phase: LabelRow['phase'], start: number, end: number): LabelRow => ({ incidentId, kind: 'k', phase, start: start * M, end: end * M, target: null });

describe('matchIncidents', () => {
  const labels = [row('a', 'precursor', 0, 20), row('a', 'failure', 20, 30), row('b', 'failure', 32, 40)];
  const ev = (from: number, to: number) => ({ start: from * M, end: to * M });

  it('credits an alarm to every incident it overlaps and names it after the one that fails first', () => {
    // 25–35 overlaps a's failure and b's margin
    const m = matchIncidents([ev(25, 35)], incidents(labels), { earlyMarginMs: 10 * M, matchPrecursor: false });
    expect(m.alarms).toEqual([{ incidentId: 'a', kind: 'k', phase: 'failure' }]);
    expect(m.incidents.map((i) => [i.incident.incidentId, i.firstAlarm])).toEqual([['a', 25 * M], ['b', 25 * M]]);
  });

  it('tells failure, precursor and early-margin matches apart, and needs matchPrecursor beyond the margin', () => {
    const events = [ev(2, 3), ev(12, 13), ev(22, 23), ev(31, 32)];
    const strict = matchIncidents(events, incidents(labels), { earlyMarginMs: 10 * M, matchPrecursor: false });
    expect(strict.alarms.map((a) => a && [a.incidentId, a.phase])).toEqual([null, ['a', 'precursor'], ['a', 'failure'], ['b', 'early-margin']]);
    expect(strict.incidents.map((i) => i.firstAlarm)).toEqual([12 * M, 22 * M]); // 22–23 is on a's failure and inside b's margin
    const early = matchIncidents(events, incidents(labels), { earlyMarginMs: 10 * M, matchPrecursor: true });
    expect(early.alarms[0]).toEqual({ incidentId: 'a', kind: 'k', phase: 'precursor' });
    expect(early.incidents[0].firstAlarm).toBe(2 * M);
  });

  it('rejects a bad margin, naming it', () => {
    expect(() => matchIncidents([], [], { earlyMarginMs: NaN, matchPrecursor: false })).toThrow('invalid earlyMarginMs: NaN');
  });
});
