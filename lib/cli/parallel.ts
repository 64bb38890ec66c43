/**
 * `harbinger parse --threads N`: a plain-text access log is cut into slices on line breaks, N
 * worker threads parse slices with the ordinary driver and append them to DuckDB instances of
 * their own (parse-worker.ts), and this thread's DuckDB copies each slice's rows in, in file order,
 * from a Parquet file while the next slices parse. Measured (BENCHMARKS.md): handing the parsed
 * batches to this thread instead left it appending every value itself, and that append was the
 * bottleneck. The merged report is the one
 * the sequential driver gives: per-slice counts add up, reject and warning line numbers are offset
 * by the lines of the slices before, the first `maxRejects` of each list are kept in file order.
 *
 * Cutting only after a LF keeps every line whole (a CR before it stays with it, a UTF-8 sequence
 * never contains the byte 0x0A), so each line is split and parsed exactly as in one pass. What does
 * not fit this — gzip, formats whose parser keeps state across lines (auth's year, CSV headers),
 * a row cap, a file of one or two slices — goes through the sequential driver unchanged.
 */
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ingest, type IngestInput, type IngestOptions, type IngestReport } from '../ingest/ingest';
import { emptyReport, mergeReport, sliceFormat } from '../ingest/slices';
import type { LogFormat } from '../ingest/types';
import type { Staging } from '../jobs/staging';
import type { SliceJob, SliceResult } from './parse-worker';

/** Bytes per slice: big enough that a worker's per-slice start-up is noise, small enough to keep N of them in flight. */
const SLICE_BYTES = 8 * 1024 * 1024;

/**
 * An ingest function for `loadSources` that parses the file at `input.name` with `threads` worker
 * threads; `sliceBytes` (default 8 MiB) is for tests, which cut small files into many slices.
 */
export function parallelIngest(threads: number, sliceBytes = SLICE_BYTES): (input: IngestInput, options: IngestOptions, stage: Staging) => Promise<IngestReport> {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`invalid --threads: ${threads}`);
  if (!Number.isInteger(sliceBytes) || sliceBytes < 1) throw new Error(`invalid slice size: ${sliceBytes}`);
  return async (input, options, stage) => {
    if (threads === 1 || options.maxRows !== undefined || input.size === null || input.size < 2 * sliceBytes) return ingest(input, options);
    const file = await open(input.name, 'r');
    try {
      const head = await readSlice(file, 0, input.size, sliceBytes);
      const format = await sliceFormat(head, input.name, options.format);
      if (format === null) return ingest(input, options);
      await input.chunks[Symbol.asyncIterator]().return?.(undefined); // the sequential stream is not read
      const dir = await mkdtemp(path.join(os.tmpdir(), 'harbinger-parse-'));
      try {
        return await pipeline(file, head, format.format, format.reason, input, options, stage, threads, sliceBytes, dir);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    } finally {
      await file.close();
    }
  };
}

/** The bytes from `at` up to and including the last LF within `sliceBytes` (further when one line is longer), or to the end. */
async function readSlice(file: FileHandle, at: number, size: number, sliceBytes: number): Promise<Uint8Array> {
  let want = Math.min(sliceBytes, size - at);
  for (;;) {
    const buf = new Uint8Array(want);
    const { bytesRead } = await file.read(buf, 0, want, at);
    if (bytesRead < want) throw new Error(`the file shrank while being read (at byte ${at + bytesRead})`);
    if (at + want >= size) return buf;
    const lf = buf.lastIndexOf(10);
    if (lf !== -1) return lf + 1 === want ? buf : buf.slice(0, lf + 1);
    want = Math.min(want * 2, size - at);
  }
}

async function pipeline(
  file: FileHandle,
  head: Uint8Array,
  format: LogFormat,
  formatReason: string,
  input: IngestInput,
  options: IngestOptions,
  stage: Staging,
  threads: number,
  sliceBytes: number,
  dir: string,
): Promise<IngestReport> {
  const t0 = performance.now();
  const size = input.size as number;
  const maxRejects = options.maxRejects ?? 10_000;
  const workers = Array.from({ length: threads }, () => spawn());
  const idle = [...workers];
  const results = new Map<number, SliceResult>();
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  let finished = false;
  for (const w of workers) {
    w.on('message', (r: SliceResult) => {
      results.set(r.index, r);
      idle.push(w);
      wake?.();
    });
    w.on('error', (e) => {
      failure ??= e;
      wake?.();
    });
    // a worker that stops without an error event (killed, out of memory) would leave its slice waited for forever
    w.on('exit', (code) => {
      if (!finished) failure ??= new Error(`a parse worker stopped (exit code ${code}) before the file was read`);
      wake?.();
    });
  }

  let nextAt = 0;
  let nextIndex = 0;
  let merged = 0;
  let bytesDone = 0;
  const sliceSizes = new Map<number, number>();
  let pending: Uint8Array | null = head;
  const dispatch = async () => {
    // at most 2 slices per thread ahead of the one being appended: bounds memory to ≈ 3N slices
    while (idle.length > 0 && nextAt < size && nextIndex - merged < 2 * threads) {
      const bytes = pending ?? (await readSlice(file, nextAt, size, sliceBytes));
      pending = null;
      const job: SliceJob = { index: nextIndex++, name: input.name, bytes, format, year: options.year, latencyUnit: options.latencyUnit, limits: options.limits, maxRejects, dir };
      sliceSizes.set(job.index, bytes.length);
      nextAt += bytes.length;
      (idle.pop() as Worker).postMessage(job, [bytes.buffer as ArrayBuffer]);
    }
  };

  const total = emptyReport(input.name, format, formatReason);
  try {
    while (nextAt < size || merged < nextIndex) {
      await dispatch();
      const r = results.get(merged);
      if (r === undefined) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      results.delete(merged);
      if (r.kind === 'error') throw new Error(r.message);
      // worded as the sequential load words it (load.ts insertFrom)
      if (r.kind === 'refused') throw new Error(`line ${total.lines + r.line}: ${r.detail}`);
      if (r.file !== null) {
        await stage.insertParquet(r.file, 'requests');
        await rm(r.file, { force: true });
      }
      if (options.signal?.aborted) throw new DOMException('ingest aborted', 'AbortError');
      mergeReport(total, r.report, maxRejects);
      bytesDone += sliceSizes.get(merged) ?? 0;
      sliceSizes.delete(merged);
      merged++;
      options.onProgress?.({ source: input.name, bytesRead: bytesDone, bytesTotal: size, lines: total.lines, parsed: total.parsed, rejected: total.rejected, elapsedMs: performance.now() - t0 });
    }
  } finally {
    finished = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }
  total.elapsedMs = performance.now() - t0;
  return total;
}

/**
 * The compiled CLI (dist/cli/*.mjs) starts the compiled worker. From the TypeScript sources (tests,
 * tsx) the worker is loaded through tsx's API, which works in a worker thread where an `--import`
 * loader flag does not.
 */
function spawn(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./parse-worker.mjs', import.meta.url));
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const source = JSON.stringify(new URL('./parse-worker.ts', import.meta.url).href);
  return new Worker(`import(${api}).then(({ tsImport }) => tsImport(${source}, ${JSON.stringify(import.meta.url)}))`, { eval: true });
}
