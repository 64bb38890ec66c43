/**
 * The SQL an SQL cell sends to the engine. A cell runs one read-only query; it is always wrapped as
 * `SELECT * FROM (<query>) LIMIT 100001` so a result larger than RESULT_LIMIT is cut by DuckDB (and
 * reported as cut) instead of being copied whole into the page. Wrapping also makes the cell
 * read-only: DuckDB accepts only queries inside a subquery, so a shared link cannot drop or change
 * the loaded tables. The user's text starts on line 2 of the wrapped SQL, which is how DuckDB's
 * `LINE n:` pointers are mapped back to what the user typed.
 */

/** Rows a cell shows at most; one more is fetched to know whether the result was cut. */
export const RESULT_LIMIT = 100_000;

/** Leading keywords of statements that DuckDB accepts as a subquery. */
export const QUERY_KEYWORDS = ['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'DESCRIBE', 'SHOW', 'SUMMARIZE', 'PIVOT', 'UNPIVOT'] as const;

export type PreparedQuery =
  | { ok: true; /** the SQL to run */ sql: string; /** the user's query without trailing semicolons */ body: string }
  | { ok: false; message: string };

interface Scan {
  /** index just past the last character of the first statement (before its `;`) */
  end: number;
  /** a second statement follows the first `;` */
  more: boolean;
  /** first word of the statement, upper case ('' when none, '(' for a parenthesised query) */
  first: string;
}

/** Walks the text once, skipping strings, quoted names, comments and dollar-quoted strings. */
function scan(text: string): Scan {
  let i = 0;
  let first = '';
  let end = -1;
  let lastCode = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === '-' && next === '-') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? n : nl + 1;
      continue;
    }
    if (ch === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? n : close + 2;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === ';') {
      // a second `;` ends an empty statement: nothing to run
      if (first === '') first = ';';
      if (end === -1) end = lastCode;
      i++;
      continue;
    }
    if (end !== -1) return { end, more: true, first };
    if (first === '') {
      const word = /^[A-Za-z_]+/.exec(text.slice(i, i + 32));
      first = word ? word[0].toUpperCase() : ch;
    }
    if (ch === "'" || ch === '"') {
      i = closing(text, i + 1, ch);
    } else if (ch === '$') {
      const tag = /^\$[A-Za-z_0-9]*\$/.exec(text.slice(i, i + 64));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        i = close === -1 ? n : close + tag[0].length;
      } else {
        i++;
      }
    } else {
      i++;
    }
    lastCode = i;
  }
  return { end: end === -1 ? lastCode : end, more: false, first };
}

/** Index just past the quote closing a string or name opened before `from`; doubled quotes escape. */
function closing(text: string, from: number, quote: string): number {
  let i = from;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return text.length;
}

/** Wraps `body` so DuckDB returns at most RESULT_LIMIT + 1 rows. The newlines keep a `--` comment on the last line from swallowing the `)`. */
export function wrapQuery(body: string): string {
  return `SELECT * FROM (\n${body}\n) LIMIT ${RESULT_LIMIT + 1}`;
}

/** Checks the cell's text and returns the SQL to run, or a sentence saying why it cannot run. */
export function prepareQuery(text: string): PreparedQuery {
  const s = scan(text);
  if (s.first === '') return { ok: false, message: 'The query is empty.' };
  if (s.more) return { ok: false, message: 'An SQL cell runs one query; remove everything after the first “;” or add another cell.' };
  const keyword = s.first;
  if (keyword !== '(' && !(QUERY_KEYWORDS as readonly string[]).includes(keyword)) {
    return {
      ok: false,
      message: `SQL cells run read-only queries (${QUERY_KEYWORDS.join(', ')}); “${keyword.length > 24 ? `${keyword.slice(0, 24)}…` : keyword}” is not one.`,
    };
  }
  const body = text.slice(0, s.end);
  return { ok: true, sql: wrapQuery(body), body };
}

/**
 * DuckDB's message for the wrapped query, pointing at the user's lines: `LINE n:` becomes
 * `LINE n-1:`, and a pointer into the wrapper itself (with its caret line) is dropped.
 */
export function userErrorMessage(message: string, body: string): string {
  const userLines = body.split('\n').length;
  const lines = message.split('\n');
  const out: string[] = [];
  for (let k = 0; k < lines.length; k++) {
    const m = /^LINE (\d+):/.exec(lines[k]!);
    if (!m) {
      out.push(lines[k]!);
      continue;
    }
    const line = Number(m[1]) - 1;
    if (line >= 1 && line <= userLines) {
      const prefix = `LINE ${line}:`;
      const shift = prefix.length - m[0].length;
      out.push(prefix + lines[k]!.slice(m[0].length));
      // the caret line below is aligned to the old prefix
      const caret = lines[k + 1];
      if (caret !== undefined && /^\s*\^\s*$/.test(caret)) {
        out.push(shift < 0 ? caret.slice(-shift) : ' '.repeat(shift) + caret);
        k++;
      }
    } else if (lines[k + 1] !== undefined && /^\s*\^\s*$/.test(lines[k + 1]!)) {
      k++;
    }
  }
  return out.join('\n').trimEnd();
}

/** The rows to show and whether the result went past RESULT_LIMIT. */
export function limitRows<T>(rows: T[]): { rows: T[]; truncated: boolean } {
  return rows.length > RESULT_LIMIT ? { rows: rows.slice(0, RESULT_LIMIT), truncated: true } : { rows, truncated: false };
}

/** Column names and DuckDB types of the wrapped query, without running it. */
export function describeSql(body: string): string {
  return `DESCRIBE ${wrapQuery(body)}`;
}

/** Tables (and views) the engine holds, for the cell's help line. */
export const TABLES_SQL = 'SELECT DISTINCT table_name FROM information_schema.tables ORDER BY table_name';
