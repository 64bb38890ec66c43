import { describe, expect, it } from 'vitest';
import { daysFromCivil, epochToMs, monthAt, parseIsoTime, parseTimeText, utcMs } from './time';

describe('calendar maths', () => {
  it('agrees with Date.UTC for every day from 1899 to 2101', () => {
    for (let t = Date.UTC(1899, 0, 1); t <= Date.UTC(2101, 0, 1); t += 86_400_000) {
      const d = new Date(t);
      expect(daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) * 86_400_000).toBe(t);
    }
  });

  it('rejects impossible dates', () => {
    expect(utcMs(2023, 2, 29, 0, 0, 0, 0)).toBeNaN();
    expect(utcMs(2024, 2, 29, 0, 0, 0, 0)).toBe(Date.UTC(2024, 1, 29));
    expect(utcMs(2024, 4, 31, 0, 0, 0, 0)).toBeNaN();
    expect(utcMs(2024, 1, 1, 24, 0, 0, 0)).toBeNaN();
  });

  it('reads month names in any case', () => {
    expect(monthAt('Jan', 0)).toBe(1);
    expect(monthAt('xDEC', 1)).toBe(12);
    expect(monthAt('Foo', 0)).toBe(0);
  });
});

describe('parseIsoTime', () => {
  it.each([
    ['2024-03-27T13:06:56Z', Date.UTC(2024, 2, 27, 13, 6, 56)],
    ['2024-03-27T13:06:56.123456+00:00', Date.UTC(2024, 2, 27, 13, 6, 56, 123)],
    ['2024-03-27T15:06:56.5+02:00', Date.UTC(2024, 2, 27, 13, 6, 56, 500)],
    ['2024-03-27T06:06:56-0700', Date.UTC(2024, 2, 27, 13, 6, 56)],
    ['2024-03-27T18:36:56+05:30', Date.UTC(2024, 2, 27, 13, 6, 56)],
    ['2024-03-27 13:06:56', Date.UTC(2024, 2, 27, 13, 6, 56)],
    ['2024-03-27T13:06', Date.UTC(2024, 2, 27, 13, 6)],
    ['2024-03-27', Date.UTC(2024, 2, 27)],
    ['2024-01-01T00:30:00+01', Date.UTC(2023, 11, 31, 23, 30)],
  ])('%s', (text, ms) => {
    expect(parseIsoTime(text)).toBe(ms);
  });

  it.each(['2024-13-01T00:00:00Z', '2024-03-27T25:00:00Z', '2024-03-27T13:06:56+2', '2024-03-27T13:06:56 Z', 'yesterday', '2024/03/27'])(
    'rejects %s',
    (text) => expect(parseIsoTime(text)).toBeNaN(),
  );
});

describe('epoch numbers', () => {
  it('chooses the unit by magnitude', () => {
    expect(epochToMs(1_700_000_000)).toBe(1_700_000_000_000);
    expect(epochToMs(1_700_000_000.25)).toBe(1_700_000_000_250);
    expect(epochToMs(1_700_000_000_123)).toBe(1_700_000_000_123);
    expect(epochToMs(1_700_000_000_123_456)).toBe(1_700_000_000_123);
    expect(epochToMs(1.7e18 + 123e6)).toBe(1_700_000_000_123);
    expect(parseTimeText(' 1469376000 ')).toBe(Date.UTC(2016, 6, 24, 16));
    expect(parseTimeText('')).toBeNaN();
  });
});
