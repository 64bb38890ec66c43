import { describe, expect, it } from 'vitest';
import { incidentRecords, incidentsJson, labelsCsv, LABELS_HEADER } from './labels';
import { planIncidents } from './plan';
import { PRESETS } from './presets';
import { FAILURE_KINDS } from './scenario';
import { at, smallScenario } from './testing';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('labels.csv', () => {
  const s = structuredClone(PRESETS['web-shop'].scenario);
  const plan = planIncidents(s);
  const rows = labelsCsv(plan).trimEnd().split('\n');

  it('has the header, ISO times, known kinds and phases', () => {
    expect(rows[0]).toBe(LABELS_HEADER);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows.slice(1)) {
      const [start, end, kind, phase, ...rest] = r.split(',');
      expect(rest).toEqual([]);
      expect(start).toMatch(ISO);
      expect(end).toMatch(ISO);
      expect(Date.parse(start)).toBeLessThan(Date.parse(end));
      expect(FAILURE_KINDS).toContain(kind);
      expect(['precursor', 'failure']).toContain(phase);
    }
  });

  it('orders rows in time, each precursor right before its failure, with no overlaps', () => {
    const parsed = rows.slice(1).map((r) => r.split(','));
    for (let i = 1; i < parsed.length; i++) expect(Date.parse(parsed[i][0])).toBeGreaterThanOrEqual(Date.parse(parsed[i - 1][1]));
    parsed.forEach(([, end, kind, phase], i) => {
      if (phase !== 'precursor') return;
      expect(parsed[i + 1][2]).toBe(kind);
      expect(parsed[i + 1][3]).toBe('failure');
      expect(parsed[i + 1][0]).toBe(end);
    });
    expect(parsed.filter((p) => p[3] === 'failure').length).toBe(plan.length);
  });

  it('stays inside the run', () => {
    const end = s.start + s.days * 86_400_000;
    for (const r of rows.slice(1)) {
      const [a, b] = r.split(',');
      expect(Date.parse(a)).toBeGreaterThanOrEqual(s.start);
      expect(Date.parse(b)).toBeLessThanOrEqual(end);
    }
  });
});

describe('incidents.json', () => {
  it('describes each incident with its phases, target and parameters', () => {
    const s = smallScenario(12, 1);
    s.incidents.placed = [
      { kind: 'cpu-spike', start: at(s, 2), durationMin: 10, target: 'db-1' },
      { kind: 'latency-ramp', start: at(s, 6), durationMin: 15, precursorMin: 20, target: '/api/orders', severity: 4 },
      { kind: 'ssh-brute-force', start: at(s, 9), durationMin: 15, target: '203.0.113.9' },
    ];
    const plan = planIncidents(s);
    const json = JSON.parse(incidentsJson(plan)) as ReturnType<typeof incidentRecords>;
    expect(json).toEqual(incidentRecords(plan));
    expect(json.map((j) => j.id)).toEqual(['inc-01', 'inc-02', 'inc-03']);
    expect(json[0]).toMatchObject({ kind: 'cpu-spike', precursor_start: null, failure_start: '2024-03-04T02:00:00Z', end: '2024-03-04T02:10:00Z', host: 'db-1' });
    expect(json[1]).toMatchObject({
      kind: 'latency-ramp',
      precursor_start: '2024-03-04T05:40:00Z',
      failure_start: '2024-03-04T06:00:00Z',
      route: '/api/orders',
      parameters: { severity: 4, precursor_min: 20, duration_min: 15 },
    });
    expect(json[2].ips[0]).toBe('203.0.113.9');
    expect(json[2].host).toBe('web-1');
    expect(labelsCsv(plan).split('\n').filter(Boolean)).toHaveLength(1 + 1 + 2 + 2);
  });
});

describe('planIncidents', () => {
  it('places rate incidents deterministically, inside the run, apart by the gap', () => {
    const s = structuredClone(PRESETS['web-shop'].scenario);
    const a = planIncidents(s);
    expect(planIncidents(s)).toEqual(a);
    const kinds = new Set(a.map((i) => i.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(6);
    const startSec = s.start / 1000;
    for (let i = 0; i < a.length; i++) {
      expect(a[i].precursorStart).toBeGreaterThanOrEqual(startSec);
      expect(a[i].end).toBeLessThanOrEqual(startSec + 7 * 86_400);
      expect((a[i].failureStart - startSec) % 60).toBe(0);
      if (i > 0) expect(a[i].precursorStart).toBeGreaterThanOrEqual(a[i - 1].end + s.incidents.gapMin * 60);
    }
    s.seed = 7;
    expect(planIncidents(s).map((i) => i.failureStart)).not.toEqual(a.map((i) => i.failureStart));
  });

  it('names the placed incident that leaves the run or overlaps another', () => {
    const s = smallScenario(6, 1);
    s.incidents.placed = [{ kind: 'memory-leak', start: at(s, 1), durationMin: 5 }];
    expect(() => planIncidents(s)).toThrow(/incidents\.placed\[0\] \(memory-leak at 2024-03-04T01:00:00Z\): precursor to end must lie within the run/);
    s.incidents.placed = [
      { kind: 'cpu-spike', start: at(s, 2), durationMin: 30 },
      { kind: 'error-burst', start: at(s, 2.25), durationMin: 10 },
    ];
    expect(() => planIncidents(s)).toThrow('incidents.placed[1] (error-burst at 2024-03-04T02:15:00Z) overlaps incidents.placed[0]');
  });

  it('says so when the rates cannot fit', () => {
    const s = smallScenario(6, 1);
    s.incidents.rates = [{ kind: 'memory-leak', perDay: 20 }];
    expect(() => planIncidents(s)).toThrow(/cannot place 5 random incidents without overlaps \(memory-leak did not fit\)/);
  });
});
