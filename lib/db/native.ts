/**
 * Db over native DuckDB (`@duckdb/node-api`) for the CLI and benchmarks. Rows come back
 * normalised by the same rules as the wasm adapter (values.ts), so both give equal rows for equal SQL.
 */
import {
  DuckDBArrayValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBListValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBUUIDValue,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBDataChunk,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { Batch } from '../ingest/types';
import { daysToIsoDate, decimalToNumber, microsToMs, nanosToMs, nestedToCell, unsupportedType, type Nested } from './values';
import { checkTableName, type Db, type Row } from './db';
import { columnChunks, nativeChunks } from './native-chunks';
import { checkColumns, type BatchColumn } from './columns';

export interface NativeOptions {
  /** DuckDB worker threads; default: DuckDB's own (all cores) */
  threads?: number;
}

export async function openNative(path = ':memory:', options: NativeOptions = {}): Promise<NativeDb> {
  const config: Record<string, string> = {};
  if (options.threads !== undefined) {
    if (!Number.isInteger(options.threads) || options.threads < 1) throw new Error(`invalid threads: ${options.threads}`);
    config.threads = String(options.threads);
  }
  const instance = await DuckDBInstance.create(path, config);
  return new NativeDb(instance, await instance.connect());
}

/**
 * Appenders stay open across inserts and are closed (flushed) before the next query, exec or
 * close: closing one per 50k-row batch cost ≈ 1.8 s per million rows, one per load ≈ 0.7 s.
 * Callers never see the difference; a DuckDB error while flushing surfaces from that call.
 */
export class NativeDb implements Db {
  /** open appenders per target table */
  private readonly appenders = new Map<string, DuckDBAppender>();
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  async query(sql: string): Promise<Row[]> {
    this.ready();
    const reader = await this.conn.runAndReadAll(sql);
    const names = reader.columnNames();
    return reader.getRows().map((values) => {
      const row: Row = {};
      for (let c = 0; c < names.length; c++) row[names[c]!] = topCell(values[c]!, names[c]!);
      return row;
    });
  }

  async exec(sql: string): Promise<void> {
    this.ready();
    await this.conn.run(sql);
  }

  async insert(batch: Batch, into: string = batch.table): Promise<void> {
    this.assertOpen();
    checkTableName(into);
    if (batch.length === 0) return;
    // Built (and validated) in full before anything is appended, so a bad value appends nothing.
    await this.append(into, nativeChunks(batch));
  }

  async insertColumns(into: string, columns: readonly BatchColumn[], length: number): Promise<void> {
    this.assertOpen();
    checkTableName(into);
    checkColumns(columns, length, into);
    if (length === 0) return;
    await this.append(into, columnChunks(columns, length, into));
  }

  private async append(into: string, chunks: DuckDBDataChunk[]): Promise<void> {
    let appender = this.appenders.get(into);
    if (!appender) {
      appender = await this.conn.createAppender(into);
      this.appenders.set(into, appender);
    }
    for (const chunk of chunks) appender.appendDataChunk(chunk);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      this.flush();
    } finally {
      this.closed = true;
      this.conn.closeSync();
      this.instance.closeSync();
    }
  }

  /** Closes every open appender, which writes its rows to the table. */
  private flush(): void {
    const open = [...this.appenders.values()];
    this.appenders.clear();
    let failure: unknown = null;
    for (const appender of open) {
      try {
        appender.closeSync();
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure) throw failure;
  }

  private ready(): void {
    this.assertOpen();
    this.flush();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('database is closed');
  }
}

function topCell(value: DuckDBValue, column: string): Row[string] {
  const v = nested(value, column);
  return v !== null && typeof v === 'object' ? nestedToCell(v) : v;
}

function nested(value: DuckDBValue, column: string): Nested {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof DuckDBDecimalValue) return decimalToNumber(value.value, value.scale);
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) return microsToMs(value.micros);
  if (value instanceof DuckDBTimestampMillisecondsValue) return Number(value.millis);
  if (value instanceof DuckDBTimestampSecondsValue) return Number(value.seconds) * 1000;
  if (value instanceof DuckDBTimestampNanosecondsValue) return nanosToMs(value.nanos);
  if (value instanceof DuckDBDateValue) return daysToIsoDate(value.days);
  if (value instanceof DuckDBUUIDValue) return value.toString();
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return value.items.map((v) => nested(v, column));
  if (value instanceof DuckDBStructValue) {
    const obj: { [key: string]: Nested } = {};
    for (const [k, v] of Object.entries(value.entries)) obj[k] = nested(v, column);
    return obj;
  }
  throw unsupportedType(value.constructor.name.replace(/^DuckDB|Value$/g, '').toUpperCase(), column);
}
