/**
 * Batch → native DuckDB data chunks for the appender. The whole batch is validated first so a
 * bad value throws before anything is appended (the wasm adapter is all-or-nothing too).
 */
import {
  BIGINT,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBTimestampValue,
  INTEGER,
  TIMESTAMP,
  VARCHAR,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { Batch } from '../ingest/types';
import { batchColumns, checkInteger, checkTimestamp, type BatchColumn } from './columns';

/** DuckDB's STANDARD_VECTOR_SIZE: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

const TYPES: Record<BatchColumn['type'], DuckDBType> = { TIMESTAMP, DOUBLE, INTEGER, BIGINT, VARCHAR };

export function nativeChunks(batch: Batch): DuckDBDataChunk[] {
  const columns = batchColumns(batch);
  for (const col of columns) validate(col, `${batch.table}.${col.name}`);
  const types = columns.map((c) => TYPES[c.type]);
  const readers = columns.map(reader);
  const chunks: DuckDBDataChunk[] = [];
  for (let start = 0; start < batch.length; start += CHUNK_ROWS) {
    const size = Math.min(CHUNK_ROWS, batch.length - start);
    const chunk = DuckDBDataChunk.create(types, size);
    for (let c = 0; c < columns.length; c++) {
      const vector = chunk.getColumnVector(c);
      const read = readers[c]!;
      for (let i = 0; i < size; i++) vector.setItem(i, read(start + i));
      vector.flush();
    }
    chunks.push(chunk);
  }
  return chunks;
}

function validate(col: BatchColumn, where: string): void {
  switch (col.type) {
    case 'VARCHAR':
      col.values.forEach((s, i) => {
        if (s !== null && typeof s !== 'string') throw new Error(`invalid ${where} at row ${i}: ${String(s)}`);
      });
      return;
    case 'DOUBLE':
      return;
    case 'TIMESTAMP':
      col.values.forEach((v, i) => v === v && checkTimestamp(v, where, i));
      return;
    case 'INTEGER':
    case 'BIGINT':
      if (col.values instanceof Int32Array) return;
      col.values.forEach((v, i) => v === v && checkInteger(v, col.type, where, i));
      return;
  }
}

/** Row index → the DuckDB value for one column; NaN reads as NULL. */
function reader(col: BatchColumn): (i: number) => DuckDBValue {
  switch (col.type) {
    case 'VARCHAR':
      return (i) => col.values[i] ?? null;
    case 'DOUBLE':
      return (i) => {
        const v = col.values[i]!;
        return v === v ? v : null;
      };
    case 'INTEGER':
      return (i) => {
        const v = col.values[i]!;
        return v === v ? v : null;
      };
    case 'BIGINT':
      return (i) => {
        const v = col.values[i]!;
        return v === v ? BigInt(v) : null;
      };
    case 'TIMESTAMP':
      return (i) => {
        const ms = col.values[i]!;
        return ms === ms ? new DuckDBTimestampValue(BigInt(Math.round(ms * 1000))) : null;
      };
  }
}
