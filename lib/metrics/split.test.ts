import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { parseIsoTime, sliceRange, splitTimeOf, timeSplit, timeSplitAt } from './split';

// ten 10 ms windows at 0, 10, …, 90: the covered span is [0, 100)
const starts = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90];

describe('timeSplit', () => {
  it('puts the first fraction of the time span in train, the rest in test', () => {
    // cut = 0 + 0.5 · 100 = 50 → starts < 50 are indices 0..4
    expect(timeSplit(starts, 10, 0.5)).toEqual({ train: { start: 0, end: 5 }, test: { start: 5, end: 10 }, splitTime: 50 });
    // cut = 25 → starts 0, 10, 20 are train
    expect(timeSplit(starts, 10, 0.25)).toEqual({ train: { start: 0, end: 3 }, test: { start: 3, end: 10 }, splitTime: 30 });
  });
  it('splits by time, not by count, when windows are missing', () => {
    // span [0, 100), cut 50 → 0, 10, 20 train (3 of 4 windows), 90 test
    expect(timeSplit([0, 10, 20, 90], 10, 0.5).train).toEqual({ start: 0, end: 3 });
  });
  it('rejects bad fractions, empty sides and unsorted starts', () => {
    expect(() => timeSplit(starts, 10, 0)).toThrow('invalid trainFraction: 0');
    expect(() => timeSplit(starts, 10, 1)).toThrow('invalid trainFraction: 1');
    // cut = 99.9 > 90: every window is train
    expect(() => timeSplit(starts, 10, 0.999)).toThrow('empty test side');
    expect(() => timeSplit([0], 10, 0.5)).toThrow('need at least 2');
    expect(() => timeSplit([0, 20, 10], 10, 0.5)).toThrow('not strictly increasing at 2');
    expect(() => timeSplit(starts, 0, 0.5)).toThrow('invalid windowMs: 0');
  });
  it('slices arrays by a range', () => {
    const s = timeSplit(starts, 10, 0.5);
    expect(sliceRange(starts, s.test)).toEqual([50, 60, 70, 80, 90]);
  });
});

describe('timeSplitAt', () => {
  it('splits at a point in time', () => {
    expect(timeSplitAt(starts, 10, 35)).toEqual({ train: { start: 0, end: 4 }, test: { start: 4, end: 10 }, splitTime: 40 });
    expect(timeSplitAt(starts, 10, 40)).toEqual({ train: { start: 0, end: 4 }, test: { start: 4, end: 10 }, splitTime: 40 });
  });
  it('does not move when windows are appended', () => {
    expect(timeSplitAt([...starts, 100, 110], 10, 35).train).toEqual(timeSplitAt(starts, 10, 35).train);
  });
  it('names an empty side with the data bounds', () => {
    expect(() => timeSplitAt(starts, 10, 0)).toThrow(/empty train side \(the data starts at 1970-01-01T00:00:00.000Z\)/);
    expect(() => timeSplitAt(starts, 10, 95)).toThrow(/empty test side/);
    expect(() => timeSplitAt([0], 10, 5)).toThrow(/need at least 2/);
    expect(() => timeSplitAt(starts, 10, NaN)).toThrow(/invalid split time/);
  });
});

describe('parseIsoTime', () => {
  it('takes ISO 8601 with a zone, or a date alone as UTC midnight', () => {
    expect(parseIsoTime('2026-01-05T12:00:00Z')).toBe(Date.UTC(2026, 0, 5, 12));
    expect(parseIsoTime('2026-01-05T12:00+02:00')).toBe(Date.UTC(2026, 0, 5, 10));
    expect(parseIsoTime('2026-01-05 12:00:00.250Z')).toBe(Date.UTC(2026, 0, 5, 12, 0, 0, 250));
    expect(parseIsoTime('2026-01-05')).toBe(Date.UTC(2026, 0, 5));
  });
  it('refuses times without a zone (ambiguous) and anything else', () => {
    for (const t of ['2026-01-05T12:00', 'tomorrow', '', '05/01/2026', '2026-13-45T00:00Z']) expect(parseIsoTime(t)).toBeNaN();
  });
});

/** The filled grid the feature SQL builds for a data span: every window from first to last row. */
function grid(fromMs: number, toMs: number, w: number): number[] {
  const out: number[] = [];
  for (let i = Math.floor(fromMs / w); i <= Math.floor(toMs / w); i++) out.push(i * w);
  return out;
}

describe('splitTimeOf', () => {
  it('gives the split time from the data span alone, by hand', () => {
    // rows at 5 … 95 with 10 ms windows: grid 0 … 90, as `starts` above
    expect(splitTimeOf(5, 95, 10, 0.5)).toBe(50);
    expect(splitTimeOf(5, 95, 10, 0.25)).toBe(30);
    // a span of 7 windows [60000, 480000): cut = 60000 + 0.5 · 420000 = 270000 → window 300000
    expect(splitTimeOf(61_000, 479_999, 60_000, 0.5)).toBe(300_000);
  });
  it('equals timeSplit(...).splitTime on the filled window grid', () => {
    const r = seedrandom('splitTimeOf');
    let compared = 0;
    for (let t = 0; t < 3000; t++) {
      const w = [10_000, 60_000, 300_000, 3_600_000, 7_000][Math.floor(r() * 5)];
      const from = Date.UTC(2024, 0, 1) + Math.floor(r() * 86_400_000);
      const to = from + Math.floor(r() * r() * 2000 * w);
      const f = [0.1, 0.3, 0.5, 0.7, 0.9, r()][Math.floor(r() * 6)];
      if (!(f > 0 && f < 1)) continue;
      const g = grid(from, to, w);
      let expected: number;
      try {
        expected = timeSplit(g, w, f).splitTime;
      } catch {
        continue; // fewer than 2 windows or an empty side: no split to agree with
      }
      expect(splitTimeOf(from, to, w, f), `from ${from} to ${to}, w ${w}, f ${f}`).toBe(expected);
      compared++;
    }
    expect(compared).toBeGreaterThan(2500);
  });
  it('makes a single window all training, and names bad input', () => {
    expect(splitTimeOf(12, 18, 10, 0.5)).toBe(20);
    expect(() => splitTimeOf(20, 10, 10, 0.5)).toThrow('invalid data span: 20 → 10');
    expect(() => splitTimeOf(NaN, 10, 10, 0.5)).toThrow('invalid data span: NaN → 10');
    expect(() => splitTimeOf(0, 10, 0, 0.5)).toThrow('invalid windowMs: 0');
    expect(() => splitTimeOf(0, 10, 10, 1)).toThrow('invalid trainFraction: 1');
  });
});
