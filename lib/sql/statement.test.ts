import { describe, expect, it } from 'vitest';
import { FETCH_LIMIT, RESULT_LIMIT, describeSql, limitRows } from './statement';

describe('limitRows', () => {
  it('keeps a result at the limit whole and cuts one past it', () => {
    const at = Array.from({ length: RESULT_LIMIT }, (_, i) => i);
    expect(limitRows(at)).toEqual({ rows: at, truncated: false });
    const past = limitRows([...at, RESULT_LIMIT]);
    expect(past.truncated).toBe(true);
    expect(past.rows.length).toBe(RESULT_LIMIT);
    expect(past.rows.at(-1)).toBe(RESULT_LIMIT - 1);
  });

  it('asks the engine for exactly one row more than it shows', () => {
    expect(FETCH_LIMIT).toBe(RESULT_LIMIT + 1);
  });
});

describe('describeSql', () => {
  it('describes the text through the same read-only construct, its quotes doubled', () => {
    expect(describeSql("SELECT 'a' AS x")).toBe("DESCRIBE SELECT * FROM query('SELECT ''a'' AS x')");
  });
});
