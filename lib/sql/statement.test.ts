import { describe, expect, it } from 'vitest';
import { RESULT_LIMIT, limitRows, prepareQuery, userErrorMessage, wrapQuery } from './statement';

describe('prepareQuery', () => {
  it('wraps a query so DuckDB returns at most one row past the limit', () => {
    const p = prepareQuery('SELECT status FROM requests');
    expect(p).toEqual({ ok: true, body: 'SELECT status FROM requests', sql: 'SELECT * FROM (\nSELECT status FROM requests\n) LIMIT 100001' });
  });

  it('drops trailing semicolons, whitespace and comments after them', () => {
    expect(prepareQuery('SELECT 1;;  \n')).toMatchObject({ ok: true, body: 'SELECT 1' });
    expect(prepareQuery('; SELECT 1').ok).toBe(false);
    expect(prepareQuery(';')).toMatchObject({ ok: false, message: expect.stringContaining('“;” is not one') });
    const p = prepareQuery('SELECT 1; -- done\n/* bye */');
    expect(p.ok && p.body).toBe('SELECT 1');
  });

  it('leaves trailing comments out and keeps inner ones off the closing parenthesis', () => {
    expect(prepareQuery('SELECT 1 -- one')).toMatchObject({ ok: true, body: 'SELECT 1' });
    const p = prepareQuery('SELECT 1 -- one\nFROM t -- two');
    expect(p.ok && p.sql).toBe('SELECT * FROM (\nSELECT 1 -- one\nFROM t\n) LIMIT 100001');
    expect(wrapQuery('SELECT 1 -- one')).toBe('SELECT * FROM (\nSELECT 1 -- one\n) LIMIT 100001');
  });

  it('ignores semicolons and keywords inside strings, names, comments and dollar quotes', () => {
    for (const q of ["SELECT ';' AS x", 'SELECT 1 AS ";"', "SELECT 'it''s; fine'", 'SELECT $$a;b$$', 'SELECT $t$;$t$', 'SELECT 1 /* ; */', '-- DROP TABLE x;\nSELECT 1']) {
      const p = prepareQuery(q);
      expect(p.ok, q).toBe(true);
    }
  });

  it('accepts every read-only query form, leading comments and parentheses', () => {
    for (const q of ['with x as (select 1) select * from x', 'FROM requests', 'VALUES (1)', 'DESCRIBE requests', 'SHOW TABLES', 'SUMMARIZE requests', '(SELECT 1) UNION (SELECT 2)', '/* c */ select 1']) {
      expect(prepareQuery(q).ok, q).toBe(true);
    }
  });

  it('refuses an empty cell, a second statement and statements that change things', () => {
    expect(prepareQuery('  -- nothing\n')).toEqual({ ok: false, message: 'The query is empty.' });
    expect(prepareQuery('SELECT 1; SELECT 2')).toMatchObject({ ok: false, message: expect.stringContaining('one query') });
    expect(prepareQuery('DROP TABLE requests')).toMatchObject({ ok: false, message: expect.stringContaining('“DROP” is not one') });
    expect(prepareQuery('pragma table_info(requests)')).toMatchObject({ ok: false, message: expect.stringContaining('“PRAGMA”') });
    expect(prepareQuery('SELECT 1; DROP TABLE requests').ok).toBe(false);
  });
});

describe('userErrorMessage', () => {
  it('moves DuckDB line pointers back to the user’s lines', () => {
    const body = 'SELECT nope\nFROM t';
    const msg = 'Binder Error: Referenced column "nope" not found\n\nLINE 2: SELECT nope\n               ^';
    expect(userErrorMessage(msg, body)).toBe('Binder Error: Referenced column "nope" not found\n\nLINE 1: SELECT nope\n               ^');
  });

  it('realigns the caret when the line number gets shorter', () => {
    const body = Array.from({ length: 10 }, (_, i) => `-- ${i}`).join('\n');
    const msg = 'Parser Error: x\n\nLINE 10: oops\n          ^';
    expect(userErrorMessage(msg, body)).toBe('Parser Error: x\n\nLINE 9: oops\n         ^');
  });

  it('drops a pointer into the wrapper', () => {
    expect(userErrorMessage('Parser Error: syntax error at or near ")"\n\nLINE 3: ) LIMIT 100001\n        ^', 'SELECT (1')).toBe('Parser Error: syntax error at or near ")"');
  });

  it('leaves messages without pointers alone', () => {
    expect(userErrorMessage('Out of Memory Error: failed', 'SELECT 1')).toBe('Out of Memory Error: failed');
  });
});

describe('limitRows', () => {
  it('keeps a result at the limit whole and cuts one past it', () => {
    const at = Array.from({ length: RESULT_LIMIT }, (_, i) => i);
    expect(limitRows(at)).toEqual({ rows: at, truncated: false });
    const past = limitRows([...at, RESULT_LIMIT]);
    expect(past.truncated).toBe(true);
    expect(past.rows.length).toBe(RESULT_LIMIT);
    expect(past.rows.at(-1)).toBe(RESULT_LIMIT - 1);
  });

  it('wrapQuery fetches exactly one row more than it shows', () => {
    expect(wrapQuery('x')).toMatch(new RegExp(`LIMIT ${RESULT_LIMIT + 1}$`));
  });
});
