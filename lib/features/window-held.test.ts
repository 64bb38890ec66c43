import { describe, expect, it } from 'vitest';
import { windowTableFrame, windowText } from './window-held';

const table = {
  name: 'w.csv',
  windowSec: 60,
  frame: { starts: Float64Array.from([0, 60_000]), features: ['a', 'b', 'c'], X: [Float64Array.from([1, 2, 3]), Float64Array.from([4, 5, 6])], fitUntilMs: null },
};

describe('windowTableFrame', () => {
  it('gives every column by default and a chosen subset in the order asked', () => {
    expect(windowTableFrame(table, 60, null)).toBe(table.frame);
    const f = windowTableFrame(table, 60, ['c', 'a']);
    expect(f.features).toEqual(['c', 'a']);
    expect(f.X.map((x) => [...x])).toEqual([[3, 1], [6, 4]]);
    expect(f.fitUntilMs).toBeNull();
  });

  it('refuses another window and a column the table lacks, naming the table', () => {
    expect(() => windowTableFrame(table, 300, null)).toThrow('w.csv: its windows are 60 s apart, the window asked for is 300 s');
    expect(() => windowTableFrame(table, 60, ['a', 'zz'])).toThrow('w.csv: no column "zz" (its features: a, b, c)');
  });

  it('writes the spacing as the spec writes a window', () => {
    expect([10, 30, 60, 300, 90, 3600].map(windowText)).toEqual(['10s', '30s', '1m', '5m', '90s', '1h']);
  });
});
