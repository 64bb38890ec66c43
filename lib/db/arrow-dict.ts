/**
 * Parsed batches of one table → one Arrow IPC stream with one record batch, for the tab's parallel
 * parse (lib/jobs/tab-parallel.ts): a parse worker hands the engine bytes it can insert as they are.
 *
 * With `dictionary`, every VARCHAR column is dictionary-encoded (Int32 indices into the column's
 * distinct strings): in an access log the source is one string, and IPs, routes, user agents and
 * referrers repeat, so each distinct string is encoded to UTF-8 once instead of once per row.
 * Numeric columns go through the same builders (and the same range checks) as a plain batch.
 */
import { Dictionary, Field, Int32, RecordBatch, Schema, Struct, Utf8, makeData, makeVector, tableToIPC, Table, type Data } from 'apache-arrow';
import type { Batch } from '../ingest/types';
import { columnData, utf8Data } from './arrow-batch';
import { batchColumns, type BatchColumn } from './columns';

/**
 * The rows of `batches` (all of one table) as an IPC stream. A value the table refuses throws a
 * RowError naming its row among all the batches' rows, in order.
 */
export function batchesToIPC(batches: readonly Batch[], dictionary: boolean): { ipc: Uint8Array; rows: number } {
  if (batches.length === 0) throw new Error('no batches to serialise');
  const table = batches[0]!.table;
  const parts = batches.map((b) => {
    if (b.table !== table) throw new Error(`batches of two tables in one stream: ${table} and ${b.table}`);
    return batchColumns(b);
  });
  let n = 0;
  for (const b of batches) n += b.length;
  const fields: Field[] = [];
  const children: Data[] = [];
  for (let c = 0; c < parts[0]!.length; c++) {
    const col = concat(parts.map((p) => p[c]!), n);
    const data = col.type === 'VARCHAR' && dictionary ? dictData(col.values, n) : columnData(col, n, `${table}.${col.name}`);
    fields.push(new Field(col.name, data.type, true));
    children.push(data);
  }
  const struct = makeData({ type: new Struct(fields), length: n, nullCount: 0, children });
  const rb = new RecordBatch(new Schema(fields), struct);
  return { ipc: tableToIPC(new Table(rb.schema, [rb]), 'stream'), rows: n };
}

function concat(cols: BatchColumn[], n: number): BatchColumn {
  const first = cols[0]!;
  if (cols.length === 1) return first;
  if (first.type === 'VARCHAR') {
    const out: (string | null)[] = new Array(n);
    let at = 0;
    for (const c of cols) {
      const v = c.values as readonly (string | null)[];
      for (let i = 0; i < v.length; i++) out[at++] = v[i]!;
    }
    return { ...first, values: out };
  }
  // an Int32Array column (status) stays one: its type says it has no NULLs
  const out = first.values instanceof Int32Array ? new Int32Array(n) : new Float64Array(n);
  let at = 0;
  for (const c of cols) {
    out.set(c.values as Float64Array & Int32Array, at);
    at += c.values.length;
  }
  return { ...first, values: out } as BatchColumn;
}

/** Dictionary<Utf8, Int32>: the distinct strings once, in first-seen order, and an index per row. */
function dictData(values: readonly (string | null)[], n: number): Data {
  const ids = new Map<string, number>();
  const distinct: string[] = [];
  const indices = new Int32Array(n);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s == null) {
      nulls++;
      continue;
    }
    if (typeof s !== 'string') throw new Error(`invalid string value at row ${i}: ${String(s)}`);
    let id = ids.get(s);
    if (id === undefined) {
      id = distinct.length;
      ids.set(s, id);
      distinct.push(s);
    }
    indices[i] = id;
  }
  let bitmap: Uint8Array | undefined;
  if (nulls > 0) {
    bitmap = new Uint8Array((n + 7) >> 3);
    for (let i = 0; i < n; i++) if (values[i] != null) bitmap[i >> 3]! |= 1 << (i & 7);
  }
  const dict = makeVector(utf8Data(distinct, distinct.length));
  return makeData({ type: new Dictionary(new Utf8(), new Int32()), length: n, nullCount: nulls, nullBitmap: bitmap, data: indices, dictionary: dict });
}
