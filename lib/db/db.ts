import type { Batch } from '../ingest/types';
import type { BatchColumn } from './columns';

/** Table names our own code passes as `into` (never user text). */
export function checkTableName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid table name: ${JSON.stringify(name)}`);
  return name;
}

/** A JSON-friendly cell: BIGINT/HUGEINT/DECIMAL become number, TIMESTAMP becomes epoch ms, DATE an ISO date string. */
export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

/** A result as columns: numbers (INTEGER, BIGINT, DOUBLE, …) as doubles with NaN for NULL, text with null for NULL. */
export interface Columns {
  length: number;
  columns: Record<string, Float64Array | (string | null)[]>;
}

/** The only thing the rest of the product knows about DuckDB. Two adapters: wasm (browser, tests) and native (CLI). */
export interface Db {
  /** Runs SQL and returns every row as a plain object with normalised cells. */
  query(sql: string): Promise<Row[]>;
  /** Runs statements that return nothing useful (DDL, SET, INSERT ... SELECT). */
  exec(sql: string): Promise<void>;
  /**
   * Runs SQL whose columns are numbers or text and returns them as columns, without a row object
   * per row. Only where the result format makes that cheap (duckdb-wasm's Arrow); callers fall back to `query`.
   */
  queryColumns?(sql: string): Promise<Columns>;
  /**
   * Appends a parsed batch to its table (created by `createSchema`), or to `into`: a table with the
   * same columns, such as a load's staging copy (staging.ts). A value the table cannot hold throws
   * a RowError (columns.ts) naming the batch row, and nothing of the batch is appended.
   */
  insert(batch: Batch, into?: string): Promise<void>;
  /**
   * Appends `length` rows given as columns in the table's column order to an existing table of our
   * own (the result tables), through the same columnar path as `insert`: no SQL text per value.
   */
  insertColumns(into: string, columns: readonly BatchColumn[], length: number): Promise<void>;
  close(): Promise<void>;
}
