/**
 * Db over duckdb-wasm's synchronous bindings. The same class serves Node tests (node-blocking
 * build) and our own browser worker (browser-blocking build): it takes bindings that are already
 * instantiated and opened, and imports nothing environment-specific (see wasm-node.ts, wasm-browser.ts).
 *
 * Inserts are buffered and handed to DuckDB in slices of exactly one row group (122,880 rows):
 * measured in Node, appending 1 M request rows as 50k-row inserts took ≈ 3 s, as row-group-sized
 * inserts ≈ 0.55 s (DuckDB writes whole row groups directly instead of merging partial ones).
 * Anything still buffered is appended before the next query, exec or close, so callers never see
 * the buffer; a DuckDB error while appending surfaces from that call.
 */
// Type-only: the blocking builds share one bindings interface; nothing is loaded from here at run time.
import type { DuckDBBindings, DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import type { RecordBatch } from 'apache-arrow';
import type { Batch } from '../ingest/types';
import { batchToRecordBatch, columnsToRecordBatch, recordBatchesToIPC } from './arrow-batch';
import { checkColumns, type BatchColumn } from './columns';
import { arrowIPCToRows } from './arrow-rows';
import { arrowIPCToColumns } from './arrow-columns';
import { checkTableName, type Columns, type Db, type Row } from './db';

/** DuckDB's row group size. */
const ROW_GROUP_ROWS = 122_880;

interface Pending {
  batches: RecordBatch[];
  rows: number;
}

export class WasmDb implements Db {
  private readonly conn: DuckDBConnection;
  private readonly connId: number;
  /** buffered record batches per target table */
  private readonly pending = new Map<string, Pending>();
  private closed = false;

  /** Takes ownership of `bindings`: `close()` disconnects and resets the database. */
  constructor(private readonly bindings: DuckDBBindings) {
    this.conn = bindings.connect();
    this.connId = this.conn.useUnsafe((_bindings, id) => id);
  }

  async query(sql: string): Promise<Row[]> {
    return arrowIPCToRows(this.run(sql));
  }

  async queryColumns(sql: string): Promise<Columns> {
    return arrowIPCToColumns(this.run(sql));
  }

  async exec(sql: string): Promise<void> {
    this.run(sql);
  }

  async insert(batch: Batch, into: string = batch.table): Promise<void> {
    this.assertOpen();
    checkTableName(into);
    if (batch.length === 0) return;
    this.buffer(into, batchToRecordBatch(batch));
  }

  async insertColumns(into: string, columns: readonly BatchColumn[], length: number): Promise<void> {
    this.assertOpen();
    checkTableName(into);
    checkColumns(columns, length, into);
    if (length === 0) return;
    this.buffer(into, columnsToRecordBatch(columns, length, into));
  }

  /**
   * Appends an Arrow IPC stream of `into`'s columns as it is (the tab's parallel parse builds it in
   * a parse worker, lib/jobs/tab-parallel.ts). Rows buffered by `insert` go first, keeping order.
   */
  insertIPC(into: string, ipc: Uint8Array): void {
    this.assertOpen();
    checkTableName(into);
    const p = this.pending.get(into);
    if (p && p.rows > 0) this.append(into, take(p, p.rows));
    this.appendIPC(into, ipc);
  }

  private buffer(into: string, rb: RecordBatch): void {
    const p = this.pending.get(into) ?? { batches: [], rows: 0 };
    this.pending.set(into, p);
    p.batches.push(rb);
    p.rows += rb.numRows;
    while (p.rows >= ROW_GROUP_ROWS) this.append(into, take(p, ROW_GROUP_ROWS));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      this.flush();
    } finally {
      this.closed = true;
      this.pending.clear();
      this.conn.close();
      this.bindings.reset();
    }
  }

  /**
   * Appends everything buffered. The buffer is emptied first, so a failed append (its rows are
   * lost with the statement that failed) never blocks the statements after it, such as dropping
   * a failed load's staging tables.
   */
  private flush(): void {
    const all = [...this.pending].filter(([, p]) => p.rows > 0);
    this.pending.clear();
    let failure: unknown = null;
    for (const [table, p] of all) {
      try {
        this.append(table, take(p, p.rows));
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure) throw failure;
  }

  private append(table: string, slices: RecordBatch[]): void {
    this.appendIPC(table, recordBatchesToIPC(slices));
  }

  private appendIPC(table: string, ipc: Uint8Array): void {
    try {
      this.bindings.insertArrowFromIPCStream(this.connId, ipc, { name: table, create: false });
    } catch (e) {
      throw readableError(e);
    }
  }

  private run(sql: string): Uint8Array {
    this.assertOpen();
    this.flush();
    return this.bindings.runQuery(this.connId, sql);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('database is closed');
  }
}

/** Removes the first `rows` rows from the buffer, slicing a batch that straddles the cut. */
function take(p: Pending, rows: number): RecordBatch[] {
  const out: RecordBatch[] = [];
  let need = rows;
  while (need > 0) {
    const head = p.batches[0]!;
    if (head.numRows <= need) {
      out.push(head);
      p.batches.shift();
      need -= head.numRows;
    } else {
      out.push(head.slice(0, need));
      p.batches[0] = head.slice(need);
      need = 0;
    }
  }
  p.rows -= rows;
  return out;
}

/** duckdb-wasm reports insert failures as JSON ({exception_type, exception_message}); make them read like query errors. */
function readableError(e: unknown): Error {
  const message = e instanceof Error ? e.message : String(e);
  try {
    const parsed = JSON.parse(message) as { exception_type?: string; exception_message?: string };
    if (parsed.exception_message) return new Error(`${parsed.exception_type ?? 'DuckDB'} Error: ${parsed.exception_message}`);
  } catch {
    // not JSON: keep the message as it is
  }
  return e instanceof Error ? e : new Error(message);
}
