/**
 * One slice of a plain-text access log parsed in a tab's parse worker (workers/parse.worker.ts):
 * the ordinary driver (lib/ingest, the one parser), its rows as one Arrow IPC stream the engine
 * inserts as it is (lib/jobs/tab-parallel.ts). Line numbers count from the slice's first line; the
 * engine adds the lines of the slices before.
 */
import { ingest, type IngestReport } from '../ingest/ingest';
import type { IngestLimits } from '../ingest/limits';
import type { LogFormat } from '../ingest/types';
import type { RecordBatch } from 'apache-arrow';
import { batchToRecordBatch, recordBatchesToIPC } from '../db/arrow-batch';
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
 * Strings go as plain Utf8, not dictionary-encoded: measured (BENCHMARKS.md, "The tab's path
 * redesigned"), duckdb-wasm inserts a dictionary batch 1.1–2× slower than a plain one, and its
 * insert is the engine thread's largest cost.
 */
export async function parseSlice(job: SliceJob): Promise<SliceResult> {
  try {
    const t0 = performance.now();
    let buildMs = 0;
    let rows = 0;
    // Each 10,000-row batch becomes Arrow at once, so its strings die young (ingest.ts: strings
    // kept past a few young-generation collections made parsing several times slower).
    const built: RecordBatch[] = [];
    const report = await ingest(
      // every slice but the first starts inside the file: no gzip/archive sniffing
      { name: job.name, size: job.bytes.length, plainText: job.index > 0, chunks: once(job.bytes) },
      {
        format: job.format,
        latencyUnit: job.latencyUnit,
        limits: job.limits,
        maxRejects: job.maxRejects,
        onBatch: (b) => {
          const tb = performance.now();
          try {
            built.push(batchToRecordBatch(b));
          } catch (e) {
            const line = isRowError(e) ? b.line?.[e.row] : undefined;
            if (isRowError(e) && line !== undefined) throw new Refused(line, e.detail);
            throw e;
          }
          rows += b.length;
          buildMs += performance.now() - tb;
        },
      },
    );
    const tb = performance.now();
    const ipc = built.length > 0 ? recordBatchesToIPC(built) : null;
    buildMs += performance.now() - tb;
    return { kind: 'ok', index: job.index, report, ipc, rows, parseMs: performance.now() - t0 - buildMs, buildMs };
  } catch (e) {
    if (e instanceof Refused) return { kind: 'refused', index: job.index, line: e.line, detail: e.detail };
    return { kind: 'error', index: job.index, message: messageOf(e) };
  }
}

/** A value the table refuses, at its line of the slice. */
class Refused extends Error {
  constructor(readonly line: number, readonly detail: string) {
    super(detail);
  }
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}
