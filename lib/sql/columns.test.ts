import { describe, expect, it } from 'vitest';
import { columnKind, resultColumns, sampleColumn } from './columns';

const MS = Date.UTC(2024, 2, 1);

describe('columnKind', () => {
  it('follows DuckDB types first', () => {
    expect(columnKind('x', 'TIMESTAMP', [MS])).toBe('timestamp');
    expect(columnKind('x', 'TIMESTAMP WITH TIME ZONE', [MS])).toBe('timestamp');
    expect(columnKind('x', 'TIMESTAMP_MS', [MS])).toBe('timestamp');
    expect(columnKind('d', 'DATE', ['2024-03-01'])).toBe('date');
    expect(columnKind('n', 'BIGINT', [1])).toBe('number');
    expect(columnKind('n', 'DECIMAL(18,3)', [1.5])).toBe('number');
    expect(columnKind('b', 'BOOLEAN', [true])).toBe('boolean');
    expect(columnKind('s', 'VARCHAR', ['1'])).toBe('text');
    expect(columnKind('l', 'INTEGER[]', ['[1]'])).toBe('text');
  });

  it('reads integers named like a time and in the epoch-ms range as times', () => {
    expect(columnKind('ts', 'BIGINT', [MS, null, MS + 60_000])).toBe('epoch');
    expect(columnKind('start', 'BIGINT', [MS])).toBe('epoch');
    expect(columnKind('window_start', 'BIGINT', [MS])).toBe('epoch');
    // a name alone is not enough: seconds, fractions or small counts stay numbers
    expect(columnKind('ts', 'BIGINT', [MS / 1000])).toBe('number');
    expect(columnKind('ts', 'DOUBLE', [MS + 0.5])).toBe('number');
    expect(columnKind('ts', 'BIGINT', [null])).toBe('number');
    // epoch-like values in a column not named like a time stay numbers
    expect(columnKind('bytes', 'BIGINT', [MS])).toBe('number');
  });

  it('judges by values when the type is unknown', () => {
    expect(columnKind('n', null, [1, null, 2.5])).toBe('number');
    expect(columnKind('ts', null, [MS])).toBe('epoch');
    expect(columnKind('d', null, ['2024-03-01'])).toBe('date');
    expect(columnKind('b', null, [true, false])).toBe('boolean');
    expect(columnKind('s', null, ['a', 1])).toBe('text');
    expect(columnKind('s', null, [null])).toBe('text');
  });
});

describe('resultColumns', () => {
  it('keeps DESCRIBE’s order even where object keys would reorder', () => {
    const rows = [{ b: 'x', 2: 1 }];
    expect(resultColumns(rows, [{ name: 'b', type: 'VARCHAR' }, { name: '2', type: 'INTEGER' }]).map((c) => [c.name, c.kind])).toEqual([
      ['b', 'text'],
      ['2', 'number'],
    ]);
  });

  it('falls back to the first row’s keys and their values', () => {
    expect(resultColumns([{ ts: MS, n: 3 }], null)).toEqual([
      { name: 'ts', type: null, kind: 'epoch' },
      { name: 'n', type: null, kind: 'number' },
    ]);
    expect(resultColumns([], null)).toEqual([]);
  });

  it('samples across all rows', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ v: i }));
    const s = sampleColumn(rows, 'v', 100);
    expect(s.length).toBe(100);
    expect(s[99]).toBe(9900);
  });
});
