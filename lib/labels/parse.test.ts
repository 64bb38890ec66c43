import { describe, expect, it } from 'vitest';
import { parseLabelsCsv, parseNabWindows } from './parse';

describe('labels files', () => {
  it('reads the simulator labels.csv and joins a precursor with its failure', () => {
    const rows = parseLabelsCsv(
      'start,end,kind,phase\n2024-03-05T05:10:00Z,2024-03-05T05:19:00Z,latency-ramp,precursor\n2024-03-05T05:19:00Z,2024-03-05T05:42:00Z,latency-ramp,failure\n2024-03-06T01:00:00Z,2024-03-06T01:05:00Z,error-burst,failure\n',
    );
    expect(rows.map((r) => [r.incidentId, r.kind, r.phase])).toEqual([
      ['inc-01', 'latency-ramp', 'precursor'],
      ['inc-01', 'latency-ramp', 'failure'],
      ['inc-02', 'error-burst', 'failure'],
    ]);
    expect(rows[0].start).toBe(Date.UTC(2024, 2, 5, 5, 10));
  });
  it('accepts start_ts,end_ts without kind or phase, naive times as UTC', () => {
    const rows = parseLabelsCsv('start_ts,end_ts\n2024-01-01 10:00:00,2024-01-01 10:30:00\n');
    expect(rows).toEqual([{ incidentId: 'inc-01', kind: 'incident', phase: 'failure', start: Date.UTC(2024, 0, 1, 10), end: Date.UTC(2024, 0, 1, 10, 30), target: null }]);
  });
  it('names the line and the reason for a bad row', () => {
    expect(() => parseLabelsCsv('start,end\nyesterday,today\n', 'l.csv')).toThrow('l.csv line 2: not an ISO-8601 time: "yesterday"');
    expect(() => parseLabelsCsv('a,b\n', 'l.csv')).toThrow('l.csv line 1: expected a header');
  });
  it('reads NAB windows for the matching data file', () => {
    const json = JSON.stringify({ 'realKnownCause/nyc_taxi.csv': [['2014-10-30 15:30:00.000000', '2014-11-03 22:30:00.000000']], 'other/x.csv': [] });
    const rows = parseNabWindows(json, '/data/nyc_taxi.csv');
    expect(rows).toHaveLength(1);
    expect(rows[0].start).toBe(Date.UTC(2014, 9, 30, 15, 30));
    expect(() => parseNabWindows(json, 'missing.csv')).toThrow('no windows for missing.csv');
  });
});
