/**
 * What both parallel parsers share (the CLI's `--threads N`, lib/cli/parallel.ts; the tab's parse
 * workers, lib/jobs/tab-parallel.ts): deciding whether a file may be cut into slices, cutting it,
 * and merging the slices' reports into the one the sequential driver gives.
 *
 * Cutting only after a LF keeps every line whole (a CR before it stays with it, a UTF-8 sequence
 * never contains the byte 0x0A), so each line is split and parsed exactly as in one pass. Only
 * formats whose parser reads each line on its own qualify: auth's year and a CSV's header carry
 * state from line to line, and gzip cannot be cut without decompressing.
 */
import { detectFormat, DETECT_LINES, isBlank } from './detect';
import { archiveKind, isGzip } from './gzip';
import type { IngestReport } from './ingest';
import { readLines } from './lines';
import type { FormatChoice, LineIssue, LogFormat } from './types';

/** Formats whose parser reads each line on its own (no state carried from line to line). */
const LINE_LOCAL: readonly LogFormat[] = ['combined', 'common'];

/**
 * The format the sequential driver would pick from the same first lines (`head`: the file's first
 * bytes, ending on a line break), or null when the file must take the sequential path.
 */
export async function sliceFormat(head: Uint8Array, name: string, choice: FormatChoice): Promise<{ format: LogFormat; reason: string } | null> {
  if (isGzip(head) || archiveKind(head) !== null) return null;
  let format: LogFormat;
  let reason = 'chosen by hand';
  if (choice === 'auto') {
    const sample: string[] = [];
    for await (const block of readLines(once(head), { name })) {
      let j = 0;
      for (let k = 0; k < block.lines.length && sample.length < DETECT_LINES; k++) {
        if (j < block.long.length && block.long[j].index === k) j++;
        else if (!isBlank(block.lines[k])) sample.push(block.lines[k]);
      }
    }
    // fewer sample lines than detection reads: the sequential driver would read further before deciding
    if (sample.length < DETECT_LINES) return null;
    ({ format, reason } = detectFormat(sample, name));
  } else {
    format = choice;
  }
  return LINE_LOCAL.includes(format) ? { format, reason } : null;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** An empty report to merge slices into. */
export function emptyReport(source: string, format: LogFormat, formatReason: string): IngestReport {
  return { source, format, formatReason, lines: 0, parsed: 0, rejected: 0, skipped: 0, warned: 0, rejects: [], warnings: [], firstTs: null, lastTs: null, elapsedMs: 0 };
}

/**
 * Adds the next slice's report to `total`: counts add up, line numbers move by the lines of the
 * slices before, and the first `maxRejects` rejects and warnings are kept in file order.
 */
export function mergeReport(total: IngestReport, part: IngestReport, maxRejects: number): void {
  const offset = total.lines;
  total.lines += part.lines;
  total.parsed += part.parsed;
  total.rejected += part.rejected;
  total.skipped += part.skipped;
  total.warned += part.warned;
  const shift = (list: LineIssue[], into: LineIssue[]) => {
    for (const x of list) if (into.length < maxRejects) into.push({ ...x, line: x.line + offset });
  };
  shift(part.rejects, total.rejects);
  shift(part.warnings, total.warnings);
  if (part.firstTs !== null) total.firstTs = total.firstTs === null ? part.firstTs : Math.min(total.firstTs, part.firstTs);
  if (part.lastTs !== null) total.lastTs = total.lastTs === null ? part.lastTs : Math.max(total.lastTs, part.lastTs);
}

/**
 * The bytes of `chunks` regrouped into slices of at least `sliceBytes` that end just after a LF
 * (a slice grows past the size until a line ends; the last slice ends where the file does).
 * Reads each chunk once, in order, so a hash taken as the chunks pass (hash.ts) sees the file once.
 */
export async function* lineSlices(chunks: AsyncIterable<Uint8Array>, sliceBytes: number): AsyncGenerator<Uint8Array> {
  if (!Number.isInteger(sliceBytes) || sliceBytes < 1) throw new Error(`invalid slice size: ${sliceBytes}`);
  let parts: Uint8Array[] = [];
  let held = 0;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    parts.push(chunk);
    held += chunk.length;
    if (held < sliceBytes) continue;
    const lf = chunk.lastIndexOf(10);
    if (lf === -1) continue; // no line ends in this chunk: the open line goes on into the next
    const cut = held - chunk.length + lf + 1;
    const all = join(parts, held);
    // copied before the yield: the consumer may hand the slice's buffer to a worker (transfer it)
    parts = cut < held ? [all.slice(cut)] : [];
    held -= cut;
    yield all.subarray(0, cut);
  }
  if (held > 0) yield join(parts, held);
}

function join(parts: Uint8Array[], n: number): Uint8Array {
  if (parts.length === 1 && parts[0]!.byteOffset === 0 && parts[0]!.byteLength === parts[0]!.buffer.byteLength) return parts[0]!;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
