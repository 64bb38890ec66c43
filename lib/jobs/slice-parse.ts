/**
 * One slice of a plain-text access log parsed in a tab's parse worker (workers/parse.worker.ts):
 * the ordinary driver (lib/ingest, the one parser), its rows as one Arrow IPC stream the engine
 * inserts as it is (lib/jobs/tab-parallel.ts). Line numbers count from the slice's first line; the
 * engine adds the lines of the slices before.
 */
import { ingest, type IngestReport } from '../ingest/ingest';
import type { IngestLimits } from '../ingest/limits';
import type { Batch, LogFormat } from '../ingest/types';
import { batchesToIPC } from '../db/arrow-dict';
import { isRowError } from '../db/columns';
import { messageOf } from './result';

export interface SliceJob {
  index: number;
  name: string;
  bytes: Uint8Array;
  format: LogFormat;
  latencyUnit?: 'auto' | 's' | 'ms' | 'us';
  limits?: Partial<IngestLimits>;
  maxRejects: number;
}

export type SliceResult =
  /**
   * `ipc`: the slice's request rows (`rows` of them) as an Arrow IPC stream, null when it has none;
   * `parseMs` (decode, split, parse) and `buildMs` (Arrow) for the load's step timings
   */
  | { kind: 'ok'; index: number; report: IngestReport; ipc: Uint8Array | null; rows: number; parseMs: number; buildMs: number }
  /** the table refused a value on a line of the slice (1-based within the slice) */
  | { kind: 'refused'; index: number; line: number; detail: string }
  | { kind: 'error'; index: number; message: string };

/** What a parse worker answers (workers/parse.worker.ts exposes it, slice-pool.ts calls it). */
export interface ParseApi {
  parse(job: SliceJob): Promise<SliceResult>;
}

/**
 * Plain Utf8 strings, not dictionary-encoded: measured (BENCHMARKS.md, "The tab's path redesigned"),
 * duckdb-wasm inserts a dictionary batch 1.1–2× slower than a plain one, and its insert is the
 * engine thread's largest cost.
 */
const DICTIONARY = false;

export async function parseSlice(job: SliceJob): Promise<SliceResult> {
  try {
    const t0 = performance.now();
    const batches: Batch[] = [];
    const report = await ingest(
      // every slice but the first starts inside the file: no gzip/archive sniffing
      { name: job.name, size: job.bytes.length, plainText: job.index > 0, chunks: once(job.bytes) },
      { format: job.format, latencyUnit: job.latencyUnit, limits: job.limits, maxRejects: job.maxRejects, onBatch: (b) => void batches.push(b) },
    );
    const t1 = performance.now();
    if (batches.length === 0) return { kind: 'ok', index: job.index, report, ipc: null, rows: 0, parseMs: t1 - t0, buildMs: 0 };
    try {
      const { ipc, rows } = batchesToIPC(batches, DICTIONARY);
      return { kind: 'ok', index: job.index, report, ipc, rows, parseMs: t1 - t0, buildMs: performance.now() - t1 };
    } catch (e) {
      const line = isRowError(e) ? lineOf(batches, e.row) : undefined;
      if (isRowError(e) && line !== undefined) return { kind: 'refused', index: job.index, line, detail: e.detail };
      throw e;
    }
  } catch (e) {
    return { kind: 'error', index: job.index, message: messageOf(e) };
  }
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** The source line of row `row` of the batches taken together. */
function lineOf(batches: readonly Batch[], row: number): number | undefined {
  let r = row;
  for (const b of batches) {
    if (r < b.length) return b.line?.[r];
    r -= b.length;
  }
  return undefined;
}
