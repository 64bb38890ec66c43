import { describe, expect, it } from 'vitest';
import { checkWindows, nabLabelSpans, nabSeries, nabWindowsFor } from './nab-source';

const utc = (s: string) => Date.parse(`${s}Z`);
const csv = 'timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,2.5\n2014-01-01 00:10:00,3\n';

describe('nabWindowsFor', () => {
  it("reads NAB's combined_windows.json, matching the data file by key or by its file name", () => {
    const json = JSON.stringify({ 'realX/a.csv': [['2014-01-01 00:05:00.000000', '2014-01-01 00:10:00.000000']], 'realY/b.csv': [] });
    const byName = nabWindowsFor(json, 'w.json', 'a.csv');
    expect(byName).toEqual({ key: 'realX/a.csv', windows: [{ start: utc('2014-01-01T00:05:00'), end: utc('2014-01-01T00:10:00') }] });
    expect(nabWindowsFor(json, 'w.json', 'realY/b.csv')).toEqual({ key: 'realY/b.csv', windows: [] });
  });

  it('reads a plain array of [start, end] for the one file, keyed by its name', () => {
    const r = nabWindowsFor('[["2014-01-01 00:00:00", "2014-01-01 00:05:00"]]', 'w.json', 'dir/a.csv');
    expect(r).toEqual({ key: 'a.csv', windows: [{ start: utc('2014-01-01T00:00:00'), end: utc('2014-01-01T00:05:00') }] });
  });

  it('names the file, the key or window and the reason of each error', () => {
    expect(() => nabWindowsFor('{', 'w.json', 'a.csv')).toThrow(/^w\.json: not JSON/);
    expect(() => nabWindowsFor('"x"', 'w.json', 'a.csv')).toThrow(/^w\.json: expected an object of file → windows/);
    expect(() => nabWindowsFor('{"c/b.csv": []}', 'w.json', 'a.csv')).toThrow('w.json: no windows for "a.csv" (its keys are "c/b.csv")');
    expect(() => nabWindowsFor('{"c/a.csv": [], "d/a.csv": []}', 'w.json', 'a.csv')).toThrow(/^w\.json: 2 keys end in "a\.csv" \(c\/a\.csv, d\/a\.csv\)/);
    expect(() => nabWindowsFor('{"c/a.csv": 3}', 'w.json', 'a.csv')).toThrow('w.json: windows of c/a.csv are not an array');
    expect(() => nabWindowsFor('{"c/a.csv": [["2014-01-01 00:00:00"]]}', 'w.json', 'a.csv')).toThrow(/^w\.json: window 0 of c\/a\.csv is not \[start, end\]/);
    expect(() => nabWindowsFor('[["2014-01-01 00:00:00", 5]]', 'w.json', 'a.csv')).toThrow(/^w\.json: window 0 is not \[start, end\]/);
    expect(() => nabWindowsFor('[["2014-01-01", "2014-01-02 00:00:00"]]', 'w.json', 'a.csv')).toThrow('w.json: window 0: invalid NAB timestamp: "2014-01-01"');
    expect(() => nabWindowsFor('[["2014-01-02 00:00:00", "2014-01-01 00:00:00"]]', 'w.json', 'a.csv')).toThrow(/^w\.json: the array: window 0 ends before it starts/);
    expect(() => nabWindowsFor('{"c/a.csv": [["2014-01-01 00:00:00", "2014-01-01 02:00:00"], ["2014-01-01 01:00:00", "2014-01-01 03:00:00"]]}', 'w.json', 'a.csv')).toThrow(
      /^w\.json: "c\/a\.csv": window 1 \(from 2014-01-01T01:00:00Z\) starts before window 0 ends/,
    );
  });

  it('caps the number of windows', () => {
    const ws = Array.from({ length: 101 }, (_, k) => ({ start: k * 10, end: k * 10 + 1 }));
    expect(() => checkWindows(ws, 'w.json', 'the array')).toThrow('w.json: the array has 101 windows, more than 100');
  });
});

describe('nabSeries', () => {
  it('parses the data the way the CLI does and keeps the key and windows', () => {
    const ws = [{ start: utc('2014-01-01T00:05:00'), end: utc('2014-01-01T00:10:00') }];
    const s = nabSeries(csv, 'a.csv', 'realX/a.csv', ws);
    expect(s).toEqual({ name: 'realX/a.csv', timestamps: [utc('2014-01-01T00:00:00'), utc('2014-01-01T00:05:00'), utc('2014-01-01T00:10:00')], values: [1, 2.5, 3], windows: ws });
  });

  it('names the bad line, an empty file and a window outside the series', () => {
    expect(() => nabSeries('timestamp,value\n2014-01-01 00:00:00,x\n', 'a.csv', 'k', [])).toThrow('a.csv: line 2: expected "timestamp,value", got "2014-01-01 00:00:00,x"');
    expect(() => nabSeries('time,v\n', 'a.csv', 'k', [])).toThrow(/^a\.csv: expected header "timestamp,value"/);
    expect(() => nabSeries('timestamp,value\n', 'a.csv', 'k', [])).toThrow('a.csv: no data rows after the header');
    expect(() => nabSeries(csv, 'a.csv', 'k', [{ start: utc('2015-01-01T00:00:00'), end: utc('2015-01-02T00:00:00') }])).toThrow(
      'a.csv: window 0 (2015-01-01T00:00:00Z – 2015-01-02T00:00:00Z) lies outside the series (2014-01-01T00:00:00Z – 2014-01-01T00:10:00Z)',
    );
  });
});

describe('nabLabelSpans', () => {
  it("turns NAB's inclusive window ends into a label's exclusive end", () => {
    expect(nabLabelSpans([{ start: 1000, end: 2000 }])).toEqual([{ start: 1000, end: 2001, kind: 'nab-window', phase: 'failure' }]);
  });
});
