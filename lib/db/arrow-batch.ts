/**
 * Batch → Arrow IPC stream for duckdb-wasm's `insertArrowFromIPCStream`.
 *
 * Buffers are filled by hand (no Arrow builders): builders box every value and encode every
 * string separately, which was the slow part of inserting. Handing DuckDB IPC bytes rather than an
 * Arrow `Table` object also keeps us independent of the Arrow copy bundled inside duckdb-wasm.
 */
import {
  Field,
  Float64,
  Int32,
  Int64,
  RecordBatch,
  Schema,
  Struct,
  TimestampMicrosecond,
  Utf8,
  makeData,
  tableToIPC,
  Table,
  type Data,
} from 'apache-arrow';
import type { Batch } from '../ingest/types';
import { batchColumns, checkInteger, checkTimestamp, type BatchColumn } from './columns';

const TWO_32 = 2 ** 32;

/** `batch` as one Arrow record batch with the table's column names and types (validated on the way). */
export function batchToRecordBatch(batch: Batch): RecordBatch {
  return columnsToRecordBatch(batchColumns(batch), batch.length, batch.table);
}

/** Columns already in a table's order (`where` names the table in errors) as one Arrow record batch. */
export function columnsToRecordBatch(columns: readonly BatchColumn[], n: number, where: string): RecordBatch {
  const fields: Field[] = [];
  const children: Data[] = [];
  for (const col of columns) {
    const data = columnData(col, n, `${where}.${col.name}`);
    fields.push(new Field(col.name, data.type, true));
    children.push(data);
  }
  const struct = makeData({ type: new Struct(fields), length: n, nullCount: 0, children });
  return new RecordBatch(new Schema(fields), struct);
}

/** Record batches of one table (same columns) as a single Arrow IPC stream. */
export function recordBatchesToIPC(batches: readonly RecordBatch[]): Uint8Array {
  if (batches.length === 0) throw new Error('no record batches to serialise');
  return tableToIPC(new Table(batches[0]!.schema, [...batches]), 'stream');
}

export function columnData(col: BatchColumn, n: number, where: string): Data {
  switch (col.type) {
    case 'VARCHAR':
      return utf8Data(col.values, n);
    // Copies, not views: WasmDb buffers record batches, and the caller may reuse its arrays once insert() resolves.
    case 'DOUBLE': {
      const { bitmap, nulls } = nanBitmap(col.values, n);
      return makeData({ type: new Float64(), length: n, nullCount: nulls, nullBitmap: bitmap, data: col.values.slice() });
    }
    case 'INTEGER': {
      if (col.values instanceof Int32Array) return makeData({ type: new Int32(), length: n, nullCount: 0, data: col.values.slice() });
      const { bitmap, nulls } = nanBitmap(col.values, n);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = col.values[i]!;
        if (v !== v) continue;
        checkInteger(v, 'INTEGER', where, i);
        out[i] = v;
      }
      return makeData({ type: new Int32(), length: n, nullCount: nulls, nullBitmap: bitmap, data: out });
    }
    case 'BIGINT': {
      const { bitmap, nulls } = nanBitmap(col.values, n);
      const words = new Int32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const v = col.values[i]!;
        if (v !== v) continue;
        checkInteger(v, 'BIGINT', where, i);
        writeInt64(words, i, v);
      }
      return makeData({ type: new Int64(), length: n, nullCount: nulls, nullBitmap: bitmap, data: new BigInt64Array(words.buffer) });
    }
    case 'TIMESTAMP': {
      const { bitmap, nulls } = nanBitmap(col.values, n);
      const words = new Int32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const ms = col.values[i]!;
        if (ms !== ms) continue;
        checkTimestamp(ms, where, i);
        writeInt64(words, i, Math.round(ms * 1000));
      }
      const data = new BigInt64Array(words.buffer);
      return makeData({ type: new TimestampMicrosecond(), length: n, nullCount: nulls, nullBitmap: bitmap, data });
    }
  }
}

/** Writes an integer-valued double as little-endian int64 without a BigInt per value. */
function writeInt64(words: Int32Array, i: number, v: number): void {
  const hi = Math.floor(v / TWO_32);
  words[2 * i] = (v - hi * TWO_32) | 0;
  words[2 * i + 1] = hi;
}

/** Validity bitmap (bit set = value present) treating NaN as NULL; no bitmap when nothing is NULL. */
function nanBitmap(values: Float64Array | Int32Array, n: number): { bitmap: Uint8Array | undefined; nulls: number } {
  let nulls = 0;
  for (let i = 0; i < n; i++) if (values[i] !== values[i]) nulls++;
  if (nulls === 0) return { bitmap: undefined, nulls };
  const bitmap = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v === v) bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { bitmap, nulls };
}

const encoder = new TextEncoder();

/** Utf8 column: ASCII written byte by byte, TextEncoder only for the rest of a non-ASCII string. */
export function utf8Data(values: readonly (string | null)[], n: number): Data<Utf8> {
  let capacity = 16;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s == null) nulls++;
    else capacity += s.length;
  }
  let bytes: Uint8Array = new Uint8Array(capacity);
  const offsets = new Int32Array(n + 1);
  const bitmap = nulls > 0 ? new Uint8Array((n + 7) >> 3) : undefined;
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s == null) {
      offsets[i + 1] = pos;
      continue;
    }
    if (typeof s !== 'string') throw new Error(`invalid string value at row ${i}: ${String(s)}`);
    if (bitmap) bitmap[i >> 3]! |= 1 << (i & 7);
    const len = s.length;
    if (pos + len > bytes.length) bytes = grow(bytes, pos + len);
    let j = 0;
    for (; j < len; j++) {
      const c = s.charCodeAt(j);
      if (c >= 0x80) break;
      bytes[pos++] = c;
    }
    if (j < len) {
      // Worst case 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
      const need = pos + 3 * (len - j);
      if (need > bytes.length) bytes = grow(bytes, need);
      pos += encoder.encodeInto(j === 0 ? s : s.slice(j), bytes.subarray(pos)).written;
    }
    offsets[i + 1] = pos;
  }
  return makeData({
    type: new Utf8(),
    length: n,
    nullCount: nulls,
    nullBitmap: bitmap,
    valueOffsets: offsets,
    data: bytes.subarray(0, pos),
  });
}

function grow(bytes: Uint8Array, need: number): Uint8Array {
  const next = new Uint8Array(Math.max(need, Math.ceil(bytes.length * 1.5)));
  next.set(bytes);
  return next;
}
