/**
 * Batch → native DuckDB data chunks for the appender, written with bulk copies instead of one
 * N-API call per value: numbers go in as one typed-array copy per column, NULLs as one validity
 * copy, and strings as DuckDB `string_t` slots (16 bytes: uint32 length + 12 inline bytes, or
 * length + prefix + heap pointer). Short ASCII strings are written inline; a longer string is
 * handed to DuckDB once per chunk and its slot copied to every repeat (the pointer targets the
 * chunk's own string heap). Measured on 1 M synthetic request rows: ≈ 2.5–3 s through node-api's
 * per-value `setItem`, ≈ 1.4–1.8 s this way.
 *
 * The whole batch is validated before the first chunk is built, so a bad value appends nothing.
 */
import { createRequire } from 'node:module';
import { BIGINT, DOUBLE, DuckDBDataChunk, INTEGER, TIMESTAMP, VARCHAR, type DuckDBType } from '@duckdb/node-api';
import type { Batch } from '../ingest/types';
import { batchColumns, checkInteger, checkTimestamp, rowError, type BatchColumn } from './columns';

/** The few low-level calls used here, from the exact @duckdb/node-bindings instance node-api itself loaded. */
interface RawBindings {
  data_chunk_get_vector(chunk: unknown, column: number): unknown;
  vector_get_data(vector: unknown, byteCount: number): Uint8Array;
  vector_assign_string_element(vector: unknown, index: number, value: string): void;
  vector_ensure_validity_writable(vector: unknown): void;
  copy_data_to_vector(vector: unknown, targetOffset: number, source: ArrayBufferLike, sourceOffset: number, byteCount: number): void;
  copy_data_to_vector_validity(vector: unknown, targetOffset: number, source: ArrayBufferLike, sourceOffset: number, byteCount: number): void;
}

// Resolved from node-api's own location: a second copy of the addon would not accept node-api's handles.
const requireHere = createRequire(import.meta.url);
const raw = createRequire(requireHere.resolve('@duckdb/node-api'))('@duckdb/node-bindings') as RawBindings;

/** DuckDB's STANDARD_VECTOR_SIZE: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;
const SLOT = 16;
const INLINE_MAX = 12;
const TWO_32 = 2 ** 32;

const TYPES: Record<BatchColumn['type'], DuckDBType> = { TIMESTAMP, DOUBLE, INTEGER, BIGINT, VARCHAR };

export function nativeChunks(batch: Batch): DuckDBDataChunk[] {
  return columnChunks(batchColumns(batch), batch.length, batch.table);
}

/** Columns already in a table's order (`where` names the table in errors) as data chunks. */
export function columnChunks(columns: readonly BatchColumn[], length: number, where: string): DuckDBDataChunk[] {
  for (const col of columns) validate(col, `${where}.${col.name}`);
  const types = columns.map((c) => TYPES[c.type]);
  const chunks: DuckDBDataChunk[] = [];
  for (let start = 0; start < length; start += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, length - start);
    const chunk = DuckDBDataChunk.create(types, n);
    columns.forEach((col, c) => writeColumn(raw.data_chunk_get_vector(chunk.chunk, c), col, start, n));
    chunks.push(chunk);
  }
  return chunks;
}

function validate(col: BatchColumn, where: string): void {
  switch (col.type) {
    case 'VARCHAR':
      col.values.forEach((s, i) => {
        if (s !== null && typeof s !== 'string') throw rowError(where, i, String(s));
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

function writeColumn(vector: unknown, col: BatchColumn, start: number, n: number): void {
  if (col.type === 'VARCHAR') return writeStrings(vector, col.values, start, n);
  const values = col.values.subarray(start, start + n);
  if (col.type === 'INTEGER' && values instanceof Int32Array) return copy(vector, values);
  if (col.type === 'DOUBLE') copy(vector, values);
  else if (col.type === 'INTEGER') copy(vector, Int32Array.from(values, (v) => (v === v ? v : 0)));
  else copy(vector, int64Words(values, col.type === 'TIMESTAMP' ? 1000 : 1));
  writeValidity(vector, n, (i) => values[i] !== values[i]);
}

function copy(vector: unknown, values: Float64Array | Int32Array | Uint8Array): void {
  raw.copy_data_to_vector(vector, 0, values.buffer, values.byteOffset, values.byteLength);
}

/** Integer-valued doubles (times `scale`) as little-endian int64 words, without a BigInt per value. */
function int64Words(values: Float64Array | Int32Array, scale: number): Int32Array {
  const words = new Int32Array(2 * values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x !== x) continue;
    const v = Math.round(x * scale);
    const hi = Math.floor(v / TWO_32);
    words[2 * i] = (v - hi * TWO_32) | 0;
    words[2 * i + 1] = hi;
  }
  return words;
}

/** DuckDB validity: uint64 words, bit set = valid. Nothing is written when no value is NULL. */
function writeValidity(vector: unknown, n: number, isNull: (i: number) => boolean): void {
  let words: Uint32Array | null = null;
  for (let i = 0; i < n; i++) {
    if (!isNull(i)) continue;
    words ??= new Uint32Array(2 * Math.ceil(n / 64)).fill(0xffffffff);
    words[i >> 5]! &= ~(1 << (i & 31));
  }
  if (!words) return;
  raw.vector_ensure_validity_writable(vector);
  raw.copy_data_to_vector_validity(vector, 0, words.buffer, words.byteOffset, words.byteLength);
}

function writeStrings(vector: unknown, values: readonly (string | null)[], start: number, n: number): void {
  const slots = new Uint8Array(SLOT * n);
  const lengths = new DataView(slots.buffer);
  const first = new Map<string, number>();
  const repeats: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = values[start + i];
    if (s == null) continue;
    if (s.length <= INLINE_MAX && writeInlineAscii(slots, lengths, i, s)) continue;
    const f = first.get(s);
    if (f !== undefined) {
      repeats.push(i, f);
      continue;
    }
    first.set(s, i);
    raw.vector_assign_string_element(vector, i, s);
  }
  if (first.size > 0) {
    // Read back the slots DuckDB filled (vector_get_data returns a copy) so the final bulk copy keeps them.
    const filled = raw.vector_get_data(vector, SLOT * n);
    for (const i of first.values()) slots.set(filled.subarray(SLOT * i, SLOT * i + SLOT), SLOT * i);
    for (let k = 0; k < repeats.length; k += 2) {
      const from = SLOT * repeats[k + 1]!;
      slots.copyWithin(SLOT * repeats[k]!, from, from + SLOT);
    }
  }
  copy(vector, slots);
  writeValidity(vector, n, (i) => values[start + i] == null);
}

/** Writes an inlined string_t when `s` is pure ASCII (then byte length = char length ≤ 12). */
function writeInlineAscii(slots: Uint8Array, lengths: DataView, i: number, s: string): boolean {
  const at = SLOT * i + 4;
  for (let j = 0; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c >= 0x80) {
      slots.fill(0, at, at + INLINE_MAX);
      return false;
    }
    slots[at + j] = c;
  }
  lengths.setUint32(SLOT * i, s.length, true);
  return true;
}
