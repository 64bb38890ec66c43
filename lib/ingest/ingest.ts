/**
 * The ingestion driver: byte chunks → lines → detected parser → columnar batches, with rejects,
 * progress, backpressure, caps and abort. Runs the same in Node (CLI, tests) and in a Web Worker;
 * the caller supplies the chunks (browser `file.stream()`, Node `fs.createReadStream`).
 *
 * Counting: `lines` counts every line of the decompressed file, and each line lands in exactly one
 * of parsed (loaded), warned (loaded, but damaged: the warning says how), rejected (not loaded,
 * the reason says why) or skipped (blank lines in JSON lines / CSV, see LineParser.blankIsReject,
 * and the CSV header): lines = parsed + warned + rejected + skipped. For metrics CSV a line may
 * yield several metric rows. `firstTs`/`lastTs` are the earliest and latest row times (min / max),
 * which differ from the first and last lines' times when a log is out of order.
 */
import { bsdMonth } from './auth';
import { detectFormat, isBlank, DETECT_LINES } from './detect';
import { createParser } from './formats';
import { fmtCount, resolveLimits, type IngestLimits } from './limits';
import { readLines, type LineBlock } from './lines';
import {
  LOG_FORMATS,
  REJECT_TEXT_MAX,
  type Batch,
  type ParseOptions,
  type ParseProgress,
  type ParseReport,
  type LineIssue,
  type Reject,
} from './types';

/**
 * Rows per batch unless asked otherwise. Measured in Node 20 on 1 M combined lines: 10,000-row
 * batches parse ≈ 1.5× faster end to end than 50,000-row ones, because a batch's strings are
 * still alive at each young-generation GC and get copied (GC time 71 ms vs 529 ms); past
 * ≈ 15,000 rows throughput falls off a cliff.
 */
export const DEFAULT_BATCH_SIZE = 10_000;

const READ_AHEAD_MAX_LINES = 100_000;

export interface IngestInput {
  /** file name; stored as each row's and reject's `source` */
  name: string;
  /** bytes in the (possibly compressed) file, for progress; null when unknown */
  size: number | null;
  /** file modification time, epoch ms; gives the default year of yearless syslog timestamps */
  lastModified?: number;
  chunks: AsyncIterable<Uint8Array>;
  /** a slice from inside a plain-text file: no gzip/archive sniffing (see ReadOptions.plainText); default false */
  plainText?: boolean;
}

export interface IngestOptions extends ParseOptions {
  /** rows per batch; default DEFAULT_BATCH_SIZE (10,000) */
  batchSize?: number;
  /** rejects kept in the report (the count is never capped); default 10,000 */
  maxRejects?: number;
  /** line length and gzip caps; anything not given keeps DEFAULT_LIMITS */
  limits?: Partial<IngestLimits>;
  /**
   * Rows one upload may add (a browser tab passes TAB_MAX_ROWS); passing it stops the ingest with
   * a message pointing to the CLI. Default: no cap.
   */
  maxRows?: number;
  /** rows earlier files of the same upload added, counted against maxRows; default 0 */
  rowsBefore?: number;
  /** told the rows a parallel driver appended itself instead of handing them to onBatch; default none */
  onRows?: (rows: number) => void;
  signal?: AbortSignal;
  /** receives each batch; the driver awaits it before parsing on (backpressure) */
  onBatch: (batch: Batch) => void | Promise<void>;
  onProgress?: (progress: ParseProgress) => void;
  /** minimum ms between progress calls; default 100 (a last call always comes at the end) */
  progressEveryMs?: number;
}

export interface IngestReport extends ParseReport {
  /** why this format: detection's reason, or "chosen by hand" */
  formatReason: string;
}

function positiveInt(name: string, v: number | undefined, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < min) throw new Error(`invalid ${name}: ${v}`);
  return v;
}

function abortError(): DOMException {
  return new DOMException('ingest aborted', 'AbortError');
}

/**
 * A fresh flat copy: a substring would pin the whole decoded chunk it was cut from in memory.
 * Copied by UTF-16 code unit (iterating the string would go by code point and split astral
 * characters such as emoji).
 */
function detached(s: string): string {
  const n = Math.min(s.length, REJECT_TEXT_MAX);
  const units = new Uint16Array(n);
  for (let i = 0; i < n; i++) units[i] = s.charCodeAt(i);
  let out = '';
  for (let i = 0; i < n; i += 8192) out += String.fromCharCode(...units.subarray(i, i + 8192));
  return out;
}

/**
 * Year of the first yearless syslog line: the modification year, or the year before when the
 * first line's month is later than the modification month (a log is not written after its mtime).
 */
export function defaultSyslogYear(lastModified: number, firstMonth: number): number {
  const d = new Date(lastModified);
  const y = d.getUTCFullYear();
  return firstMonth > d.getUTCMonth() + 1 ? y - 1 : y;
}

/** An upload past IngestOptions.maxRows, with the command that reads it (the parallel drivers say it too). */
export function tooManyRows(name: string, maxRows: number): Error {
  return new Error(
    `${name}: this upload has more than ${fmtCount(maxRows)} rows, the most one upload may load in a browser tab. ` +
      `Read a log this big with the command line, which has no row cap: npx harbinger parse FILE…`,
  );
}

export async function ingest(input: IngestInput, options: IngestOptions): Promise<IngestReport> {
  const limits = resolveLimits(options.limits);
  const blocks = readLines(input.chunks, { name: input.name, limits, plainText: input.plainText })[Symbol.asyncIterator]();
  try {
    return await run(input, options, limits, blocks);
  } finally {
    // on abort or error, let the source close its file handle / stream
    await blocks.return(undefined);
  }
}

async function run(input: IngestInput, options: IngestOptions, limits: IngestLimits, blocks: AsyncIterator<LineBlock>): Promise<IngestReport> {
  const t0 = performance.now();
  const batchSize = positiveInt('batch size', options.batchSize, DEFAULT_BATCH_SIZE, 1);
  const maxRejects = positiveInt('maxRejects', options.maxRejects, 10_000, 0);
  const progressEvery = positiveInt('progressEveryMs', options.progressEveryMs, 100, 0);
  const maxRows = options.maxRows === undefined ? Infinity : positiveInt('maxRows', options.maxRows, 0, 0);
  const rowsBefore = positiveInt('rowsBefore', options.rowsBefore, 0, 0);
  const { signal, onBatch, onProgress } = options;
  const choice = options.format;
  if (choice !== 'auto' && !LOG_FORMATS.includes(choice)) throw new Error(`invalid format: ${String(choice)}`);
  if (signal?.aborted) throw abortError();

  // read ahead until detection has its sample lines; those blocks are parsed first afterwards
  const ahead: LineBlock[] = [];
  const sample: string[] = [];
  let done = false;
  let aheadLines = 0;
  // the cap keeps a file of mostly blank lines from being read whole before detection
  while (sample.length < DETECT_LINES && aheadLines < READ_AHEAD_MAX_LINES) {
    const r = await blocks.next();
    if (signal?.aborted) throw abortError();
    if (r.done) {
      done = true;
      break;
    }
    ahead.push(r.value);
    aheadLines += r.value.lines.length;
    const { lines: ls, long } = r.value;
    let nextLong = long.length > 0 ? long[0].index : -1;
    for (let k = 0, j = 0; k < ls.length && sample.length < DETECT_LINES; k++) {
      // an over-long line's stub is not a line of the format: it says nothing about it
      if (k === nextLong) nextLong = ++j < long.length ? long[j].index : -1;
      else if (!isBlank(ls[k])) sample.push(ls[k]);
    }
  }

  let format;
  let formatReason;
  if (choice === 'auto') {
    ({ format, reason: formatReason } = detectFormat(sample, input.name));
  } else {
    format = choice;
    formatReason = 'chosen by hand';
  }

  let year = options.year;
  if (format === 'auth' && year === undefined) {
    const firstMonth = sample.map(bsdMonth).find((m) => m !== 0);
    if (firstMonth !== undefined) {
      if (input.lastModified === undefined) {
        throw new Error(`${input.name}: syslog timestamps carry no year and the file has no modification time; set the year option`);
      }
      year = defaultSyslogYear(input.lastModified, firstMonth);
    }
  }
  const parser = createParser(format, { source: input.name, batchSize, year, latencyUnit: options.latencyUnit });
  const ready = parser.sink.ready;

  let lines = 0;
  let parsed = 0;
  let rejected = 0;
  let skipped = 0;
  let warned = 0;
  const rejects: Reject[] = [];
  const warnings: LineIssue[] = [];
  let rows = 0;
  let firstTs = Infinity;
  let lastTs = -Infinity;
  let bytesRead = 0;
  let lastProgress = performance.now();

  const progress = (): ParseProgress => ({
    source: input.name,
    bytesRead,
    bytesTotal: input.size,
    lines,
    parsed,
    rejected,
    elapsedMs: performance.now() - t0,
  });

  async function drain(): Promise<void> {
    while (ready.length > 0) {
      const b = ready.shift() as Batch;
      rows += b.length;
      if (rowsBefore + rows > maxRows) throw tooManyRows(input.name, maxRows);
      const ts = b.ts;
      for (let i = 0; i < b.length; i++) {
        const t = ts[i];
        if (t < firstTs) firstTs = t;
        if (t > lastTs) lastTs = t;
      }
      await onBatch(b);
      if (signal?.aborted) throw abortError();
    }
  }

  function reject(line: string, lineNo: number, reason: string): void {
    rejected++;
    if (rejects.length < maxRejects) rejects.push({ source: input.name, line: lineNo, reason, text: detached(line) });
  }

  function warn(line: string, lineNo: number, reason: string): void {
    warned++;
    if (warnings.length < maxRejects) warnings.push({ source: input.name, line: lineNo, reason, text: detached(line) });
  }

  async function consume(block: LineBlock): Promise<void> {
    bytesRead = block.bytesRead;
    const ls = block.lines;
    const long = block.long;
    let j = 0;
    let nextLong = long.length > 0 ? long[0].index : -1;
    for (let k = 0; k < ls.length; k++) {
      const line = ls[k];
      lines++;
      if (k === nextLong) {
        const chars = long[j].chars;
        reject(line, block.firstLine + k, `line is longer than the ${fmtCount(limits.maxLineChars)}-character limit (${fmtCount(chars)} characters); skipped to the next line break`);
        nextLong = ++j < long.length ? long[j].index : -1;
      } else if (isBlank(line)) {
        if (parser.blankIsReject) reject(line, block.firstLine + k, 'blank line');
        else skipped++;
      } else {
        parser.sink.line = block.firstLine + k;
        const r = parser.parse(line);
        if (r === true) parsed++;
        else if (r === false) skipped++;
        else if (typeof r === 'string') reject(line, block.firstLine + k, r);
        else warn(line, block.firstLine + k, r.warning);
      }
      if (ready.length > 0) await drain();
    }
    if (onProgress !== undefined && performance.now() - lastProgress >= progressEvery) {
      lastProgress = performance.now();
      onProgress(progress());
    }
  }

  for (const b of ahead) await consume(b);
  ahead.length = 0;
  while (!done) {
    const r = await blocks.next();
    if (signal?.aborted) throw abortError();
    if (r.done) break;
    await consume(r.value);
  }
  parser.sink.seal();
  await drain();
  onProgress?.(progress());

  return {
    source: input.name,
    format,
    formatReason,
    lines,
    parsed,
    rejected,
    skipped,
    warned,
    rejects,
    warnings,
    firstTs: firstTs === Infinity ? null : firstTs,
    lastTs: lastTs === -Infinity ? null : lastTs,
    elapsedMs: performance.now() - t0,
  };
}
