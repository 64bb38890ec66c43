/**
 * A batch seen as typed columns in table order, checked once so each adapter's hot loop can
 * trust shapes. Both adapters convert from this, which keeps their NULL and integer rules equal.
 */
import type { Batch } from '../ingest/types';
import { TABLE_COLUMNS, type ColumnType } from './schema';

export type BatchColumn =
  /** epoch ms (UTC) / plain doubles; NaN means NULL */
  | { name: string; type: 'TIMESTAMP' | 'DOUBLE'; values: Float64Array }
  /** whole numbers; NaN means NULL in a Float64Array, an Int32Array has no NULLs */
  | { name: string; type: 'INTEGER' | 'BIGINT'; values: Float64Array | Int32Array }
  | { name: string; type: 'VARCHAR'; values: readonly (string | null)[] };

/** Splits a batch into its columns, checking every column is present, of the right kind and `batch.length` long. */
export function batchColumns(batch: Batch): BatchColumn[] {
  const spec = TABLE_COLUMNS[batch.table] as readonly (readonly [string, ColumnType])[] | undefined;
  if (!spec) throw new Error(`unknown batch table: ${String((batch as { table: unknown }).table)}`);
  const n = batch.length;
  if (!Number.isInteger(n) || n < 0) throw new Error(`invalid ${batch.table} batch length: ${n}`);
  const record = batch as unknown as Record<string, unknown>;
  return spec.map(([name, type]) => {
    const values = record[name];
    const where = `${batch.table}.${name}`;
    const ok =
      type === 'VARCHAR'
        ? Array.isArray(values)
        : values instanceof Float64Array || (values instanceof Int32Array && type !== 'TIMESTAMP' && type !== 'DOUBLE');
    if (!ok) throw new Error(`invalid ${where}: expected ${type === 'VARCHAR' ? 'an array of strings' : 'a Float64Array'}`);
    const length = (values as ArrayLike<unknown>).length;
    if (length !== n) throw new Error(`invalid ${where}: ${length} values for a batch of length ${n}`);
    return { name, type, values } as BatchColumn;
  });
}

/** Checks columns handed in directly (not from a Batch): each of its kind and `length` long. */
export function checkColumns(columns: readonly BatchColumn[], length: number, where: string): void {
  if (!Number.isInteger(length) || length < 0) throw new Error(`invalid ${where} length: ${length}`);
  for (const col of columns) {
    const ok = col.type === 'VARCHAR' ? Array.isArray(col.values) : col.values instanceof Float64Array || (col.values instanceof Int32Array && (col.type === 'INTEGER' || col.type === 'BIGINT'));
    if (!ok) throw new Error(`invalid ${where}.${col.name}: expected ${col.type === 'VARCHAR' ? 'an array of strings' : 'a Float64Array'}`);
    if (col.values.length !== length) throw new Error(`invalid ${where}.${col.name}: ${col.values.length} values for ${length} rows`);
  }
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
/** Largest integer a double holds exactly; BIGINT values beyond it cannot come from a Float64Array faithfully. */
const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * A value a table refuses, with the row of its batch, so a caller that knows where the row came
 * from (a file's line) can name it. Thrown and caught in the same thread: never crosses postMessage.
 */
export interface RowError extends Error {
  /** 0-based row in the batch */
  row: number;
  /** the message without the row: `invalid requests.bytes: 1e+20 is not a BIGINT` */
  detail: string;
}

export function rowError(where: string, row: number, why: string): RowError {
  return Object.assign(new Error(`invalid ${where} at row ${row}: ${why}`), { row, detail: `invalid ${where}: ${why}` });
}

export function isRowError(e: unknown): e is RowError {
  return e instanceof Error && typeof (e as Partial<RowError>).row === 'number' && typeof (e as Partial<RowError>).detail === 'string';
}

/** Throws unless `v` (not NaN) is a whole number that fits the column type. */
export function checkInteger(v: number, type: 'INTEGER' | 'BIGINT', where: string, row: number): void {
  const ok =
    Number.isInteger(v) && (type === 'INTEGER' ? v >= INT32_MIN && v <= INT32_MAX : v >= -SAFE && v <= SAFE);
  if (!ok) throw rowError(where, row, `${v} is not a ${type}`);
}

/** Throws unless a timestamp in epoch ms is finite and inside DuckDB's TIMESTAMP range. */
export function checkTimestamp(ms: number, where: string, row: number): void {
  // ±290,000 years in microseconds overflows int64; 8.2e15 ms keeps micros below 2^63.
  if (!(Math.abs(ms) < 8.2e15)) throw rowError(where, row, `${ms} is not an epoch-ms timestamp`);
}
