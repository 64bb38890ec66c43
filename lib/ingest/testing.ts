/** Helpers for tests of the ingester and of its consumers: byte chunking and batches as row objects. */
import { ingest, type IngestOptions, type IngestReport } from './ingest';
import type { Batch } from './types';

/** The bytes in pieces of `size` (the last may be shorter), as an async iterable like a file stream. */
export async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  if (!Number.isInteger(size) || size < 1) throw new Error(`invalid chunk size: ${size}`);
  for (let off = 0; off < bytes.length; off += size) yield bytes.subarray(off, Math.min(bytes.length, off + size));
}

export type Row = Record<string, string | number | null>;

/**
 * One object per row, columns in batch order; NaN becomes null (as in JSON) and each `ts` is
 * followed by `ts_iso` so golden files can be checked by eye.
 */
export function batchRows(b: Batch): Row[] {
  // `line` says where a row came from; it is not a column
  const cols = Object.entries(b).filter(([k]) => k !== 'table' && k !== 'length' && k !== 'line') as [string, ArrayLike<unknown>][];
  const rows: Row[] = [];
  for (let i = 0; i < b.length; i++) {
    const row: Row = {};
    for (const [k, col] of cols) {
      const v = col[i] as string | number | null;
      row[k] = typeof v === 'number' && Number.isNaN(v) ? null : v;
      if (k === 'ts') row.ts_iso = new Date(v as number).toISOString();
    }
    rows.push(row);
  }
  return rows;
}

export interface CollectedIngest {
  report: IngestReport;
  tables: string[];
  rows: Row[];
}

/** Runs ingest() over in-memory bytes and collects every row. */
export async function ingestBytes(
  name: string,
  bytes: Uint8Array,
  options: Omit<IngestOptions, 'onBatch'>,
  chunkSize = 64 * 1024,
  lastModified?: number,
): Promise<CollectedIngest> {
  const rows: Row[] = [];
  const tables = new Set<string>();
  const report = await ingest(
    { name, size: bytes.length, lastModified, chunks: chunksOf(bytes, chunkSize) },
    {
      ...options,
      onBatch: (b) => {
        tables.add(b.table);
        rows.push(...batchRows(b));
      },
    },
  );
  return { report, tables: [...tables], rows };
}
