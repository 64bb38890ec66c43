/**
 * The one way SQL text reaches DuckDB through the engine worker's `query` job: as a string literal
 * handed to DuckDB's `query()` table function, `SELECT * FROM query('<text>') LIMIT n`.
 *
 * DuckDB itself parses the text and refuses it unless it is exactly one SELECT statement (SELECT,
 * WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, PIVOT … IN …): no INSERT, DELETE, CREATE,
 * SET, ATTACH, COPY, PRAGMA, CALL, INSTALL or LOAD can run, and no second statement can hide behind
 * a quote or comment that a hand-written scanner would read differently from DuckDB. The text
 * cannot leave the literal: its quotes are doubled and DuckDB's plain '…' strings know no backslash
 * escapes. Characters that would cut or alter the text on its way into the engine (the wasm
 * bindings pass SQL as a NUL-terminated C string) are refused first. The row cap sits outside the
 * literal, so nothing in the text can remove it.
 *
 * A SELECT can still call a table function that changes the engine rather than the data
 * (`enable_logging()`, `checkpoint()`, …), even under a name built at run time
 * (`query('SELECT * FROM enable_' || 'logging()')`). So before running, DuckDB plans the same
 * statement (EXPLAIN, which binds but executes nothing) and every table function in that plan must
 * be on the read-only list in ./plan.ts.
 */
import type { Db, Row } from '../db/db';
import { messageOf } from '../jobs/result';
import { sqlString } from '../db/schema';
import { disallowedFunctions, planFunctions } from './plan';

/** Why DuckDB refused the text as a query, in the page's words. */
export const NOT_A_QUERY =
  'Refused: an SQL cell runs one read-only query — a single SELECT (or WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, PIVOT … IN (…)). ' +
  'DuckDB reads this text as something else: more than one statement, or a statement that changes data or settings ' +
  '(INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, SET, ATTACH, COPY, PRAGMA, CALL, INSTALL, LOAD, …). Nothing was run.';

/** C0 controls except tab, LF and CR; DEL; UTF-16 surrogates without their pair. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const BAD_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why `text` cannot be sent to DuckDB at all, or null. Only what DuckDB cannot judge itself is
 * checked here: text that would arrive cut or altered, and text with nothing in it.
 */
export function checkQueryText(text: string): string | null {
  if (text.trim() === '') return 'The query is empty.';
  const m = BAD_CHAR.exec(text);
  if (m === null) return null;
  const code = m[0].charCodeAt(0);
  const before = text.slice(0, m.index);
  const line = before.split('\n').length;
  const column = m.index - before.lastIndexOf('\n');
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const what = code >= 0xd800 && code <= 0xdfff ? `an unpaired surrogate (${hex})` : `a control character (${hex}${code === 0 ? ', NUL' : ''})`;
  return `Refused: the query holds ${what} at line ${line}, column ${column}. Queries may hold tabs and line breaks but no other control characters: they could cut or change the text on its way into the engine. Nothing was run.`;
}

/** `text` as the body of DuckDB's read-only `query()` table function, at most `limit` rows. */
export function readOnlySql(text: string, limit?: number): string {
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) throw new Error(`invalid row limit: ${limit}`);
  return `SELECT * FROM query(${sqlString(text)})${limit === undefined ? '' : ` LIMIT ${limit}`}`;
}

/** DuckDB's error for the wrapped text, as the page shows it. */
export function readOnlyMessage(message: string): string {
  // DuckDB's `LINE n:` pointer shows the wrapper around the text, never a place in it.
  const bare = message.replace(/\n+LINE \d+: [^\n]*\n *\^\s*$/, '').trimEnd();
  if (/^Parser Error: Expected a single SELECT statement/.test(bare)) return NOT_A_QUERY;
  return bare;
}

export interface ReadOnlyOptions {
  /** most rows returned; default: no limit */
  limit?: number;
}

/**
 * Runs `text` only if DuckDB parses it as one SELECT statement whose plan calls no table function
 * outside the read-only list; throws an Error whose message says why not (or DuckDB's error).
 */
export async function runReadOnly(db: Db, text: string, options: ReadOnlyOptions = {}): Promise<Row[]> {
  const refused = checkQueryText(text);
  if (refused !== null) throw new Error(refused);
  const sql = readOnlySql(text, options.limit);
  let plan: Row[];
  try {
    plan = await db.query(`EXPLAIN (FORMAT json) ${sql}`);
  } catch (e) {
    throw new Error(readOnlyMessage(messageOf(e)), { cause: e });
  }
  const bad = disallowedFunctions(planFunctions(plan));
  if (bad.length > 0) {
    throw new Error(
      `Refused: the query calls ${bad.map((f) => `${f}()`).join(', ')}, which can change the engine rather than read data. ` +
        'SQL cells call only table functions that read (range, generate_series, unnest, summary, the duckdb_* and pragma_* catalogue functions, …). Nothing was run.',
    );
  }
  try {
    return await db.query(sql);
  } catch (e) {
    throw new Error(readOnlyMessage(messageOf(e)), { cause: e });
  }
}
