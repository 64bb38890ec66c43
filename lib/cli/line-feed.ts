/**
 * Followed lines → parsed batches, for `harbinger watch`: the same parsers and the same counting
 * as lib/ingest's driver (lines = parsed + warned + rejected + skipped), but fed a chunk at a
 * time and sealed after every chunk, so a record reaches the featurer as soon as its line is read
 * instead of when a 10,000-row batch fills. Rejected lines are reported with file, line and reason.
 */
import { bsdMonth } from '../ingest/auth';
import { detectFormat, isBlank, DETECT_LINES } from '../ingest/detect';
import { createParser } from '../ingest/formats';
import { defaultSyslogYear } from '../ingest/ingest';
import type { LineParser } from '../ingest/parser';
import type { Batch, LogFormat, ParseOptions } from '../ingest/types';
import type { LineChunk } from './follow';

export interface FeedCounts {
  lines: number;
  parsed: number;
  warned: number;
  rejected: number;
  skipped: number;
}

export interface LineIssueOut {
  path: string;
  line: number;
  reason: string;
  text: string;
}

export class LineFeed {
  private parser: LineParser | null = null;
  /** lines held until detection has enough to go on (auto format only) */
  private held: LineChunk[] = [];
  private heldLines = 0;
  format: LogFormat | null;
  readonly counts: FeedCounts = { lines: 0, parsed: 0, warned: 0, rejected: 0, skipped: 0 };

  constructor(
    private readonly path: string,
    private readonly parse: ParseOptions,
    private readonly issue: (kind: 'reject' | 'warning', i: LineIssueOut) => void,
    private readonly mtimeMs: () => number | null,
  ) {
    this.format = parse.format === 'auto' ? null : parse.format;
  }

  /**
   * Parses a chunk; returns the batches its lines made. With format `auto`, lines wait until
   * DETECT_LINES non-blank ones are in or `force` (the file went quiet) says to decide on fewer.
   */
  push(chunk: LineChunk | null, force = false): Batch[] {
    if (this.parser === null) {
      if (chunk) {
        this.held.push(chunk);
        this.heldLines += chunk.lines.filter((l, k) => !isBlank(l) && !chunk.long.some((x) => x.index === k)).length;
      }
      if (this.heldLines === 0 || (this.heldLines < DETECT_LINES && !force)) return [];
      this.parser = this.create();
      const out: Batch[] = [];
      for (const c of this.held) out.push(...this.consume(c));
      this.held = [];
      return out;
    }
    return chunk ? this.consume(chunk) : [];
  }

  private create(): LineParser {
    const sample = this.held.flatMap((c) => c.lines.filter((l, k) => !isBlank(l) && !c.long.some((x) => x.index === k))).slice(0, DETECT_LINES);
    const format = this.format ?? detectFormat(sample, this.path).format;
    this.format = format;
    let year = this.parse.year;
    if (format === 'auth' && year === undefined) {
      const month = sample.map(bsdMonth).find((m) => m !== 0);
      const mtime = this.mtimeMs();
      if (month !== undefined && mtime !== null) year = defaultSyslogYear(mtime, month);
    }
    return createParser(format, { source: this.path, batchSize: 10_000, year, latencyUnit: this.parse.latencyUnit });
  }

  private consume(c: LineChunk): Batch[] {
    const p = this.parser!;
    const n = this.counts;
    let nextLong = c.long.length > 0 ? c.long[0].index : -1;
    let j = 0;
    for (let k = 0; k < c.lines.length; k++) {
      const line = c.lines[k];
      const no = c.firstLine + k;
      n.lines++;
      if (k === nextLong) {
        n.rejected++;
        this.issue('reject', { path: this.path, line: no, reason: `line is longer than the limit (${c.long[j].bytes} bytes); skipped to the next line break`, text: '' });
        nextLong = ++j < c.long.length ? c.long[j].index : -1;
      } else if (isBlank(line)) {
        if (p.blankIsReject) {
          n.rejected++;
          this.issue('reject', { path: this.path, line: no, reason: 'blank line', text: line });
        } else n.skipped++;
      } else {
        p.sink.line = no;
        const r = p.parse(line);
        if (r === true) n.parsed++;
        else if (r === false) n.skipped++;
        else if (typeof r === 'string') {
          n.rejected++;
          this.issue('reject', { path: this.path, line: no, reason: r, text: line.slice(0, 500) });
        } else {
          n.warned++;
          this.issue('warning', { path: this.path, line: no, reason: r.warning, text: line.slice(0, 500) });
        }
      }
    }
    p.sink.seal();
    const out = p.sink.ready.splice(0);
    return out;
  }
}
