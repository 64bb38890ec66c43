/**
 * What an SQL cell sends to the engine. The cell's text goes to the worker as it is; the worker runs
 * it only through DuckDB's read-only `query()` construct (./readonly.ts) with the row cap below.
 */
import { readOnlySql } from './readonly';

/** Rows a cell shows at most; one more is fetched to know whether the result was cut. */
export const RESULT_LIMIT = 100_000;

/** The row limit a cell asks the engine for. */
export const FETCH_LIMIT = RESULT_LIMIT + 1;

/** The rows to show and whether the result went past RESULT_LIMIT. */
export function limitRows<T>(rows: T[]): { rows: T[]; truncated: boolean } {
  return rows.length > RESULT_LIMIT ? { rows: rows.slice(0, RESULT_LIMIT), truncated: true } : { rows, truncated: false };
}

/** Column names and DuckDB types of the cell's query, without running it (DESCRIBE only binds). */
export function describeSql(text: string): string {
  return `DESCRIBE ${readOnlySql(text)}`;
}

/** Tables (and views) the engine holds, for the cell's help line. */
export const TABLES_SQL = 'SELECT DISTINCT table_name FROM information_schema.tables ORDER BY table_name';
