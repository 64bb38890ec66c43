/**
 * The tab's parallel parse (issue 13): a plain-text access log is cut into slices on line breaks
 * (lib/ingest/slices.ts) as it is read, each slice is parsed by a parse worker into one Arrow IPC
 * stream (slice-parse.ts), and the engine inserts the streams in file order while the next slices
 * parse. The file is still read once, front to back, by the engine: a hash taken as the chunks pass
 * (load.ts `hash`) covers it exactly as in a sequential load.
 *
 * The merged report is the sequential driver's: per-slice counts add up, line numbers are offset by
 * the lines of the slices before, the first `maxRejects` rejects and warnings are kept in file
 * order, and a refused value names its line. What cannot be cut — gzip, formats whose parser keeps
 * state across lines, a file of fewer than two slices — goes through the sequential driver.
 */
import { ingest, tooManyRows, type IngestInput, type IngestOptions, type IngestReport } from '../ingest/ingest';
import { emptyReport, lineSlices, mergeReport, sliceFormat } from '../ingest/slices';
import type { SliceJob, SliceResult } from './slice-parse';
import type { Staging } from './staging';
import { assertNever } from '../util/assert-never';

/**
 * Bytes per slice (≈ 38 k access lines): big enough that a slice's hand-offs are noise, small
 * enough that the first rows reach DuckDB soon and progress moves several times a second.
 */
const SLICE_BYTES = 8 * 1024 * 1024;

/** Parse workers, each parsing one slice at a time. */
export interface SlicePool {
  /** how many slices it parses at once */
  readonly size: number;
  parse(job: SliceJob): Promise<SliceResult>;
  /** stops the workers (the pool is not used again) */
  close(): void;
}

export interface TabParallelOptions {
  /** starts the parse workers, once a file turns out to qualify */
  pool: () => SlicePool;
  /** appends one slice's rows (an Arrow IPC stream of `table`'s columns) */
  insertIPC: (table: string, ipc: Uint8Array) => void | Promise<void>;
  /** default 8 MiB; tests cut small files into many slices */
  sliceBytes?: number;
}

/** An ingest function for `loadSources` (LoadOptions.ingestFile). */
export function tabParallelIngest(o: TabParallelOptions): (input: IngestInput, options: IngestOptions, stage: Staging) => Promise<IngestReport> {
  const sliceBytes = o.sliceBytes ?? SLICE_BYTES;
  if (!Number.isInteger(sliceBytes) || sliceBytes < 1) throw new Error(`invalid slice size: ${sliceBytes}`);
  return async (input, options, stage) => {
    if (input.size !== null && input.size < 2 * sliceBytes) return ingest(input, options);
    const slices = lineSlices(input.chunks, sliceBytes)[Symbol.asyncIterator]();
    try {
      const first = await slices.next();
      const format = first.done ? null : await sliceFormat(first.value, input.name, options.format);
      // the bytes read so far go to the sequential driver first, then the rest of the file
      if (format === null) return await ingest({ ...input, chunks: replay(first.done ? null : first.value, slices) }, options);
      return await pipeline(o, first.value as Uint8Array, slices, format, input, options, stage);
    } finally {
      await slices.return(undefined);
    }
  };
}

async function* replay(head: Uint8Array | null, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (head !== null) yield head;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

function abortError(): DOMException {
  return new DOMException('ingest aborted', 'AbortError');
}

async function pipeline(
  o: TabParallelOptions,
  head: Uint8Array,
  slices: AsyncIterator<Uint8Array>,
  format: { format: SliceJob['format']; reason: string },
  input: IngestInput,
  options: IngestOptions,
  stage: Staging,
): Promise<IngestReport> {
  const t0 = performance.now();
  const { signal, onProgress } = options;
  const maxRejects = options.maxRejects ?? 10_000;
  const maxRows = options.maxRows ?? Infinity;
  let rows = options.rowsBefore ?? 0;
  const total = emptyReport(input.name, format.format, format.reason);
  const pool = o.pool();
  // two slices a worker: one parsing, one waiting, so no worker idles while the engine inserts
  const ahead = 2 * pool.size;
  const inflight = new Map<number, { result: Promise<SliceResult>; bytes: number }>();
  let next = 0;
  let merged = 0;
  let bytesDone = 0;
  let pending: Uint8Array | null = head;
  let ended = false;
  let prefetch: Promise<IteratorResult<Uint8Array>> | null = null;
  // where this thread's time goes, and the workers' (BENCHMARKS.md reads it off the mark below)
  const steps = { slices: 0, readHashMs: 0, waitMs: 0, insertMs: 0, parseMs: 0, buildMs: 0 };
  try {
    for (;;) {
      while (!ended && next - merged < ahead) {
        let bytes = pending;
        pending = null;
        if (bytes === null) {
          const tr = performance.now();
          const r = await (prefetch ?? slices.next());
          prefetch = null;
          steps.readHashMs += performance.now() - tr;
          if (r.done) {
            ended = true;
            break;
          }
          bytes = r.value;
        }
        if (signal?.aborted) throw abortError();
        const job: SliceJob = { index: next, name: input.name, bytes, format: format.format, latencyUnit: options.latencyUnit, limits: options.limits, maxRejects };
        const size = bytes.length;
        const result = pool.parse(job);
        // awaited in order below; a failure of a later slice must not surface as an unhandled rejection first
        result.catch(() => undefined);
        inflight.set(next++, { result, bytes: size });
      }
      // the next read is under way while this thread inserts: the file is read by the browser, not this thread
      if (!ended && prefetch === null) {
        prefetch = slices.next();
        prefetch.catch(() => undefined);
      }
      if (merged === next) break;
      const slot = inflight.get(merged)!;
      inflight.delete(merged);
      const tw = performance.now();
      const r = await slot.result;
      steps.waitMs += performance.now() - tw;
      if (signal?.aborted) throw abortError();
      switch (r.kind) {
        case 'error':
          throw new Error(r.message);
        case 'refused':
          // worded as the sequential load words it (load.ts insertFrom)
          throw new Error(`line ${total.lines + r.line}: ${r.detail}`);
        case 'ok':
          if (rows + r.rows > maxRows) throw tooManyRows(input.name, maxRows);
          if (r.ipc !== null) {
            const ti = performance.now();
            await o.insertIPC(stage.tables.requests, r.ipc);
            steps.insertMs += performance.now() - ti;
          }
          steps.slices++;
          steps.parseMs += r.parseMs;
          steps.buildMs += r.buildMs;
          rows += r.rows;
          options.onRows?.(r.rows);
          mergeReport(total, r.report, maxRejects);
          break;
        default:
          assertNever(r);
      }
      merged++;
      bytesDone += slot.bytes;
      onProgress?.({ source: input.name, bytesRead: bytesDone, bytesTotal: input.size, lines: total.lines, parsed: total.parsed, rejected: total.rejected, elapsedMs: performance.now() - t0 });
    }
  } finally {
    pool.close();
  }
  total.elapsedMs = performance.now() - t0;
  performance.mark('harbinger:parallel-ingest', { detail: { ...steps, lines: total.lines, elapsedMs: total.elapsedMs, workers: pool.size } });
  return total;
}
