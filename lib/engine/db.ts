import type { Batch } from '../ingest/types';

/** A JSON-friendly cell: BIGINT/HUGEINT/DECIMAL become number, TIMESTAMP becomes epoch ms, DATE an ISO date string. */
export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

/** The only thing the rest of the product knows about DuckDB. Two adapters: wasm (browser, tests) and native (CLI). */
export interface Db {
  /** Runs SQL and returns every row as a plain object with normalised cells. */
  query(sql: string): Promise<Row[]>;
  /** Runs statements that return nothing useful (DDL, SET, INSERT ... SELECT). */
  exec(sql: string): Promise<void>;
  /** Appends a parsed batch to its table (created by `createSchema`). */
  insert(batch: Batch): Promise<void>;
  close(): Promise<void>;
}
