/**
 * Arrow result (IPC bytes from duckdb-wasm) → columns, without a row object per row: numbers are
 * copied out of Arrow's value buffers, text is decoded once per buffer where it is ASCII (log
 * fields almost always are) and cut into strings by Arrow's offsets. The Live cell's record slices
 * read this way (lib/jobs/live-slices.ts): measured in Node, building per-row objects first was
 * most of a slice's time. NULL follows arrow-rows.ts: NaN for numbers, null for text.
 */
import { DataType, Type, tableFromIPC, type Data, type Field } from 'apache-arrow';
import type { Columns } from './db';
import { unsupportedType } from './values';

type Column = Float64Array | (string | null)[];

export function arrowIPCToColumns(ipc: Uint8Array): Columns {
  const table = tableFromIPC(ipc);
  const fields = table.schema.fields;
  const length = table.numRows;
  const columns: Record<string, Column> = {};
  fields.forEach((f, c) => {
    const out = textType(f) ? new Array<string | null>(length) : new Float64Array(length);
    let at = 0;
    for (const batch of table.batches) {
      const data = batch.data.children[c]!;
      if (out instanceof Float64Array) readNumbers(data, f, out, at);
      else readText(data, f, out, at);
      at += batch.numRows;
    }
    columns[f.name] = out;
  });
  return { length, columns };
}

function textType(f: Field): boolean {
  if (DataType.isUtf8(f.type)) return true;
  if (DataType.isDictionary(f.type) && DataType.isUtf8(f.type.dictionary)) return true;
  if (DataType.isInt(f.type) || DataType.isFloat(f.type)) return false;
  throw unsupportedType(String(f.type), f.name);
}

function readNumbers(d: Data, f: Field, out: Float64Array, at: number): void {
  if (DataType.isFloat(f.type) && f.type.precision === 0) throw unsupportedType('FLOAT16', f.name);
  const values = d.values as Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | BigInt64Array | Uint32Array;
  const nulls = d.nullCount > 0;
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    for (let i = 0; i < d.length; i++) out[at + i] = nulls && !d.getValid(i) ? NaN : Number(values[i]);
    return;
  }
  if (!nulls) {
    out.set(values.subarray(0, d.length), at);
    return;
  }
  for (let i = 0; i < d.length; i++) out[at + i] = d.getValid(i) ? values[i] : NaN;
}

const decoder = new TextDecoder();

function readText(d: Data, f: Field, out: (string | null)[], at: number): void {
  const nulls = d.nullCount > 0;
  if (d.typeId === Type.Dictionary) {
    const dict = d.dictionary!;
    const words: (string | null)[] = [];
    for (let k = 0; k < dict.length; k++) words.push(dict.get(k) as string | null);
    for (let i = 0; i < d.length; i++) out[at + i] = nulls && !d.getValid(i) ? null : words[Number(d.values[i])]!;
    return;
  }
  if (d.typeId !== Type.Utf8) throw unsupportedType(String(f.type), f.name);
  const offsets = d.valueOffsets as Int32Array;
  const bytes = d.values as Uint8Array;
  const base = offsets[0]!;
  const end = offsets[d.length]!;
  const all = decoder.decode(bytes.subarray(base, end));
  // one character per byte: byte offsets are string offsets
  const ascii = all.length === end - base;
  for (let i = 0; i < d.length; i++) {
    if (nulls && !d.getValid(i)) out[at + i] = null;
    else if (ascii) out[at + i] = all.slice(offsets[i]! - base, offsets[i + 1]! - base);
    else out[at + i] = decoder.decode(bytes.subarray(offsets[i]!, offsets[i + 1]!));
  }
}
