import { describe, expect, it } from 'vitest';
import { NOT_A_QUERY, checkQueryText, readOnlyMessage, readOnlySql } from './readonly';

describe('checkQueryText', () => {
  it('lets ordinary text through, tabs and every kind of line break included', () => {
    expect(checkQueryText('SELECT 1')).toBeNull();
    expect(checkQueryText("SELECT\t'é 😀'\r\nFROM t\rWHERE x")).toBeNull();
  });

  it('refuses an empty query', () => {
    expect(checkQueryText('')).toBe('The query is empty.');
    expect(checkQueryText(' \n\t ')).toBe('The query is empty.');
  });

  it('refuses NUL and names where it is', () => {
    expect(checkQueryText('SELECT 1,\n  2\u0000 --')).toBe(
      'Refused: the query holds a control character (U+0000, NUL) at line 2, column 4. Queries may hold tabs and line breaks but no other control characters: they could cut or change the text on its way into the engine. Nothing was run.',
    );
  });

  it('refuses the other control characters and unpaired surrogates', () => {
    for (const [text, what] of [
      ['SELECT \u0001', 'U+0001'],
      ['SELECT \u000B', 'U+000B'],
      ['SELECT \u001B[2J', 'U+001B'],
      ['SELECT \u007F', 'U+007F'],
      ['SELECT \uD800', 'unpaired surrogate (U+D800)'],
      ['SELECT \uDC00x', 'unpaired surrogate (U+DC00)'],
    ] as const) {
      expect(checkQueryText(text), JSON.stringify(text)).toContain(what);
    }
  });
});

describe('readOnlySql', () => {
  it('puts the text in a string literal for query() with its quotes doubled and the cap outside', () => {
    expect(readOnlySql("SELECT E'\\'' AS q; DELETE FROM labels; --'", 100001)).toBe(
      "SELECT * FROM query('SELECT E''\\'''' AS q; DELETE FROM labels; --''') LIMIT 100001",
    );
    expect(readOnlySql('SELECT 1')).toBe("SELECT * FROM query('SELECT 1')");
  });

  it('validates the limit', () => {
    expect(() => readOnlySql('SELECT 1', -1)).toThrow('invalid row limit: -1');
    expect(() => readOnlySql('SELECT 1', 1.5)).toThrow('invalid row limit: 1.5');
    expect(() => readOnlySql('SELECT 1', Number.NaN)).toThrow('invalid row limit: NaN');
  });
});

describe('readOnlyMessage', () => {
  it('turns DuckDB’s refusal into a sentence about SQL cells', () => {
    const duck = "Parser Error: Expected a single SELECT statement\n\nLINE 1: SELECT * FROM query('DELETE FROM labels') LIMIT 3\n                      ^";
    expect(readOnlyMessage(duck)).toBe(NOT_A_QUERY);
  });

  it('drops the line pointer into the wrapper and keeps the rest', () => {
    const duck = 'Binder Error: Referenced column "nope" not found in FROM clause!\nCandidate bindings: "route"\n\nLINE 1: SELECT * FROM query(\'SELECT 1,\n                      ^';
    expect(readOnlyMessage(duck)).toBe('Binder Error: Referenced column "nope" not found in FROM clause!\nCandidate bindings: "route"');
    expect(readOnlyMessage('Out of Memory Error: failed')).toBe('Out of Memory Error: failed');
  });
});
