import { describe, expect, it } from 'vitest';
import { readKey, tablesRead, type TableVersions } from './tables';
import { afterWrite, resultWrite, type ResultsSource } from './result-writes';

const V: TableVersions = { data: 1, features: 1, scores: 1, alarms: 1 };

describe('which tables a SQL cell reads', () => {
  it('finds result tables named as words, in any case and quoting', () => {
    expect(tablesRead('SELECT status, count(*) FROM requests GROUP BY 1')).toEqual([]);
    expect(tablesRead('SELECT * FROM Scores s JOIN "alarms" a ON a.detector = s.detector')).toEqual(['scores', 'alarms']);
    expect(tablesRead("SELECT * FROM features WHERE ts > '2026-01-01'")).toEqual(['features']);
    // a column or alias of another name does not count; a longer identifier is not the table
    expect(tablesRead('SELECT alarm, threshold FROM requests r, my_scores_view')).toEqual([]);
  });

  it('counts a name in a string or a comment too (conservative)', () => {
    expect(tablesRead("SELECT 'scores' AS s -- alarms\nFROM requests")).toEqual(['scores', 'alarms']);
  });

  it('depends on every table when the text could reach one without naming it', () => {
    for (const q of ["SELECT * FROM query_table('sc' || 'ores')", 'SELECT * FROM duckdb_tables()', 'SELECT * FROM information_schema.columns', 'SHOW TABLES', 'DESCRIBE requests', 'SUMMARIZE requests', "SELECT * FROM pragma_table_info('requests')", "SELECT * FROM query('SELECT 1')"]) {
      expect(tablesRead(q), q).toBe('all');
    }
  });

  it('a cell re-runs when the data or a table it reads changed, and not for another table', () => {
    const q = 'SELECT detector, count(*) FROM alarms GROUP BY 1';
    const k = readKey(q, V);
    expect(readKey(q, { ...V, features: 2 })).toBe(k);
    expect(readKey(q, { ...V, alarms: 2 })).not.toBe(k);
    expect(readKey(q, { ...V, data: 2 })).not.toBe(k);
    const logs = 'SELECT count(*) FROM requests';
    expect(readKey(logs, { ...V, features: 2, scores: 2, alarms: 2 })).toBe(readKey(logs, V));
    expect(readKey('SHOW TABLES', { ...V, features: 2 })).not.toBe(readKey('SHOW TABLES', V));
  });
});

describe('what a change writes to the result tables', () => {
  const run = {};
  const base: ResultsSource = { generation: 1, run, thresholds: 't1' };

  it('a first run, a new run or a fresh engine writes every table; a threshold move only the threshold-dependent ones', () => {
    expect(resultWrite(null, base)).toBe('all');
    expect(resultWrite(base, { ...base, run: {} })).toBe('all');
    expect(resultWrite(base, { ...base, generation: 2 })).toBe('all');
    expect(resultWrite(base, { ...base, thresholds: 't2' })).toBe('thresholds');
    expect(resultWrite(base, { ...base })).toBe('none');
  });

  it('bumps the versions of exactly the tables written', () => {
    const v = { features: 3, scores: 4, alarms: 5 };
    expect(afterWrite(v, 'all')).toEqual({ features: 4, scores: 5, alarms: 6 });
    expect(afterWrite(v, 'thresholds')).toEqual({ features: 3, scores: 5, alarms: 6 });
    expect(afterWrite(v, 'none')).toBe(v);
  });
});
