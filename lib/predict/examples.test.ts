import { describe, expect, it } from 'vitest';
import type { LabelRow } from '../labels/types';
import { ROLE, incidentFolds, windowRoles, type WindowRoles } from './examples';

const MIN = 60_000;
const row = (incidentId: string, phase: 'precursor' | 'failure', from: number, to: number): LabelRow => ({
  incidentId,
  kind: incidentId,
  phase,
  start: from * MIN,
  end: to * MIN,
  target: null,
});
const starts = Array.from({ length: 20 }, (_, i) => i * MIN);

describe('window roles, hand-computed', () => {
  const labels = [
    row('A', 'precursor', 3, 6),
    row('A', 'failure', 6, 8),
    // sudden, off the window grid: touches windows 12 and 13
    row('B', 'failure', 12.5, 13.5),
    // fails after the span: its labels are not the training span's to learn from
    row('C', 'precursor', 18, 25),
    row('C', 'failure', 25, 30),
  ];
  const r = windowRoles(starts, MIN, labels, 2 * MIN);
  const { negative: N, positive: P, failure: F, recovery: R } = ROLE;

  it('marks run-up, failure and recovery windows; the rest is normal', () => {
    expect(Array.from(r.role)).toEqual([N, N, N, P, P, P, F, F, R, R, N, N, F, F, R, R, N, N, N, N]);
    expect(Array.from(r.incident)).toEqual([-1, -1, -1, 0, 0, 0, 0, 0, -1, -1, -1, -1, 1, 1, -1, -1, -1, -1, -1, -1]);
    expect(r.incidents.map((i) => i.incidentId)).toEqual(['A', 'B']);
  });

  it('rejects a bad recovery margin and unordered windows', () => {
    expect(() => windowRoles(starts, MIN, labels, -1)).toThrow(/invalid recovery margin: -1/);
    expect(() => windowRoles([0, 0], MIN, labels, 0)).toThrow(/not strictly increasing/);
  });
});

/** Roles with run-ups at the given inclusive window ranges, one incident each. */
function rolesWith(n: number, runUps: [number, number][]): WindowRoles {
  const role = new Uint8Array(n);
  const incident = new Int32Array(n).fill(-1);
  runUps.forEach(([a, b], k) => {
    for (let i = a; i <= b; i++) {
      role[i] = ROLE.positive;
      incident[i] = k;
    }
  });
  return { role, incident, incidents: [] };
}

describe('leave-one-incident-out folds', () => {
  it('cuts halfway between run-ups, in time order', () => {
    const { fold, folds } = incidentFolds(rolesWith(20, [[3, 5], [14, 16]]), 100);
    expect(folds).toBe(2);
    expect(Array.from(fold)).toEqual([...Array(10).fill(0), ...Array(10).fill(1)]);
  });

  it('cuts long blocks further, never inside a run-up', () => {
    const one = incidentFolds(rolesWith(20, [[3, 5]]), 8);
    expect(Array.from(one.fold)).toEqual([...Array(7).fill(0), ...Array(6).fill(1), ...Array(7).fill(2)]);
    const long = incidentFolds(rolesWith(20, [[5, 12]]), 8);
    expect(long.folds).toBe(2);
    expect(Array.from(long.fold)).toEqual([...Array(13).fill(0), ...Array(7).fill(1)]);
    expect(() => incidentFolds(rolesWith(5, []), 0)).toThrow(/invalid maxBlock: 0/);
  });
});
