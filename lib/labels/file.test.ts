import { describe, expect, it } from 'vitest';
import { labelNotes, parseIncidentsJson, parseLabelsFile, rowsOfSpans, spansOf, MAX_LABEL_SPANS } from './file';

const T = (s: string) => Date.parse(s);

describe('parseLabelsFile', () => {
  it('reads the CLI CSV, a precursor and its failure as one incident', () => {
    const rows = parseLabelsFile('l.csv', 'start,end,kind,phase\n2024-03-01T10:00:00Z,2024-03-01T10:20:00Z,latency-ramp,precursor\n2024-03-01T10:20:00Z,2024-03-01T10:30:00Z,latency-ramp,failure\n2024-03-02T08:00:00Z,2024-03-02T08:05:00Z,outage\n', []);
    expect(rows.map((r) => [r.incidentId, r.kind, r.phase])).toEqual([
      ['inc-01', 'latency-ramp', 'precursor'],
      ['inc-01', 'latency-ramp', 'failure'],
      ['inc-02', 'outage', 'failure'],
    ]);
    expect(rows[2].start).toBe(T('2024-03-02T08:00:00Z'));
  });

  it('reads NAB windows for the uploaded file by name', () => {
    const json = JSON.stringify({ 'realKnownCause/a.csv': [['2024-03-01 10:00:00.000000', '2024-03-01 11:00:00.000000']], 'other/b.csv': [] });
    const rows = parseLabelsFile('w.json', json, ['a.csv']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'nab-window', phase: 'failure', start: T('2024-03-01T10:00:00Z'), end: T('2024-03-01T11:00:00Z') });
    expect(() => parseLabelsFile('w.json', json, ['c.csv'])).toThrow(/w\.json: no windows for c\.csv/);
  });

  it("reads the simulator's incidents.json", () => {
    const json = JSON.stringify([
      { id: 'x', kind: 'memory-leak', precursor_start: '2024-03-01T00:00:00Z', failure_start: '2024-03-01T06:00:00Z', end: '2024-03-01T06:10:00Z' },
      { id: 'y', kind: 'error-burst', precursor_start: null, failure_start: '2024-03-02T00:00:00Z', end: '2024-03-02T00:10:00Z' },
    ]);
    const rows = parseLabelsFile('incidents.json', json, []);
    expect(rows.map((r) => [r.incidentId, r.kind, r.phase])).toEqual([
      ['inc-01', 'memory-leak', 'precursor'],
      ['inc-01', 'memory-leak', 'failure'],
      ['inc-02', 'error-burst', 'failure'],
    ]);
  });

  it('names the file, the line or entry and the reason of what it refuses', () => {
    expect(() => parseLabelsFile('l.csv', 'when,kind\n', [])).toThrow(/l\.csv line 1: expected a header/);
    expect(() => parseLabelsFile('l.csv', 'start,end,kind\n2024-03-01T10:00:00Z,yesterday,x\n', [])).toThrow(/l\.csv line 2: not an ISO-8601 time: "yesterday"/);
    expect(() => parseLabelsFile('l.csv', 'start,end,kind,phase\n2024-03-01T10:00:00Z,2024-03-01T11:00:00Z,x,during\n', [])).toThrow(/line 2: phase must be precursor or failure/);
    expect(() => parseLabelsFile('l.csv', 'start,end,kind\n', [])).toThrow(/l\.csv: no labels in the file/);
    expect(() => parseLabelsFile('l.csv', 'start,end,kind\n2024-03-01T10:00:00Z,2024-03-01T10:00:00Z,x\n', [])).toThrow(/label 1 \(x\) ends where it starts/);
    expect(() => parseLabelsFile('l.csv', 'start,end,kind\n2024-03-01T10:00:00Z,2024-03-01T11:00:00Z,<b>\n', [])).toThrow(/kind "<b>"/);
    expect(() => parseIncidentsJson('[{"kind":"x","failure_start":"2024-03-01T10:00:00Z","end":"2024-03-01T09:00:00Z"}]', 'i.json')).toThrow(/i\.json incident 1: end is before failure_start/);
    expect(() => parseIncidentsJson('[{"kind":"x","failure_start":"soon","end":"2024-03-01T09:00:00Z"}]', 'i.json')).toThrow(/i\.json incident 1 failure_start: not an ISO-8601 time/);
    expect(() => parseLabelsFile('i.json', '[1,', [])).toThrow(/i\.json: not JSON/);
    const many = ['start,end,kind', ...Array.from({ length: MAX_LABEL_SPANS + 1 }, (_, i) => `${new Date(T('2024-01-01T00:00:00Z') + i * 120_000).toISOString()},${new Date(T('2024-01-01T00:01:00Z') + i * 120_000).toISOString()},x`)].join('\n');
    expect(() => parseLabelsFile('big.csv', many, [])).toThrow(/big\.csv: 1,001 labeled spans; a link carries at most 1000/);
  });
});

describe('spans in the spec', () => {
  it('round-trip to the same rows, whatever order the spec holds them in', () => {
    const rows = parseLabelsFile('l.csv', 'start,end,kind,phase\n2024-03-01T10:00:00Z,2024-03-01T10:20:00Z,ramp,precursor\n2024-03-01T10:20:00Z,2024-03-01T10:30:00Z,ramp,failure\n2024-03-02T08:00:00Z,2024-03-02T08:05:00Z,outage,failure\n', []);
    expect(rowsOfSpans([...spansOf(rows)].reverse())).toEqual(rows);
  });
});

describe('labelNotes', () => {
  const rows = parseLabelsFile(
    'l.csv',
    'start,end,kind\n2024-03-01T10:00:00Z,2024-03-01T11:00:00Z,a\n2024-03-01T10:30:00Z,2024-03-01T10:40:00Z,b\n2024-05-01T00:00:00Z,2024-05-01T01:00:00Z,c\n',
    [],
  );
  it('names incidents outside the loaded data and overlapping incidents', () => {
    const notes = labelNotes(rows, { first: T('2024-03-01T00:00:00Z'), last: T('2024-03-08T00:00:00Z') });
    expect(notes).toEqual([
      'inc-03 (c, 2024-05-01T00:00:00Z – 2024-05-01T01:00:00Z) lies outside the loaded data (2024-03-01T00:00:00Z – 2024-03-08T00:00:00Z): nothing can detect it.',
      'inc-01 (a, 2024-03-01T10:00:00Z – 2024-03-01T11:00:00Z) overlaps inc-02 (b, 2024-03-01T10:30:00Z – 2024-03-01T10:40:00Z): each is scored on its own.',
    ]);
  });
  it('says nothing about labels inside the data that do not overlap', () => {
    expect(labelNotes(rows.slice(0, 1), { first: T('2024-03-01T00:00:00Z'), last: T('2024-03-08T00:00:00Z') })).toEqual([]);
  });
});
