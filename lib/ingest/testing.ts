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

/**
 * A combined log with everything a slice boundary could break (the parallel parsers' tests): rejects, blank lines, CRLF and lone
 * CR line ends, multi-byte UTF-8, lines starting with gzip and bzip2 magic, a warned (cut-short)
 * line, a line longer than the slice and one over the line-length limit.
 */
export function sliceFixture(lines: number): string {
  let s = 7;
  const rnd = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const ts = `01/Mar/2026:${String(10 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:07 +0000`;
    const ok = `10.0.${rnd(4)}.${rnd(250)} - - [${ts}] "GET /p/${rnd(9000)}?q=é${i} HTTP/1.1" ${[200, 404, 500][rnd(3)]} ${rnd(5000)} "-" "agent ✓ ${rnd(5)}" 0.0${rnd(9)}`;
    const end = ['\n', '\r\n', '\r'][rnd(10) === 0 ? 1 + rnd(2) : 0];
    switch (i % 97) {
      case 13: out.push('not an access line' + end); break;
      case 29: out.push('\n'); break;
      case 41: out.push('\x1f\x8b garbage after gzip magic\n'); break;
      case 53: out.push('BZh91AY&SY not a bzip2 stream\n'); break;
      case 67: out.push(ok.slice(0, ok.lastIndexOf('"agent') + 5) + '\n'); break;
      case 83: out.push(ok.replace('/p/', '/' + 'x'.repeat(6000)) + '\n'); break;
      default: out.push(ok + end);
    }
  }
  out.push('x'.repeat(3000) + '\n'); // over the 2,000-character limit the tests set
  out.push(out[5].trimEnd()); // last line without a line break
  return out.join('');
}
