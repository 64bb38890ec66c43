import type { Db } from '../db/db';
import type { Batch, ParseOptions, ParseProgress, ParseReport } from '../ingest/types';
import { ingest, type IngestInput, type IngestOptions, type IngestReport } from '../ingest/ingest';
import { hashedChunks, type StreamHasher } from '../ingest/hash';
import type { IngestLimits } from '../ingest/limits';
import { isRowError } from '../db/columns';
import { isAbort, messageOf } from './result';
import { staged, type Staging } from './staging';
import { checkLabelRows } from '../db/schema';
import type { LabelRow } from '../labels/types';

/** One input file as a stream of byte chunks (browser: File slices; Node: fs stream). */
export interface SourceInput {
  name: string;
  size: number | null;
  lastModified?: number;
  chunks: AsyncIterable<Uint8Array>;
}

export interface LoadOptions extends ParseOptions {
  signal?: AbortSignal;
  /** progress of the file being read, with its index among the inputs */
  onProgress?: (p: ParseProgress & { fileIndex: number; fileCount: number }) => void;
  maxRejects?: number;
  /** line length and gzip caps (IngestOptions.limits); default DEFAULT_LIMITS */
  limits?: Partial<IngestLimits>;
  /** keep what is already loaded (default: replace all data) */
  append?: boolean;
  /** rows all inputs together may add (a browser tab passes TAB_MAX_ROWS); default: no cap */
  maxRows?: number;
  /**
   * the user's labeled incidents for these files, swapped in with them (a link with labels loads
   * data and labels as one step, so what reads the tables never sees the data without its labels);
   * default none. Not with `append`.
   */
  labels?: readonly LabelRow[];
  /**
   * parses one input into the load's staging tables (the CLI's `--threads N` passes its parallel
   * driver, which appends through `stage` itself); default the sequential `ingest`, which hands
   * its batches to `onBatch`
   */
  ingestFile?: (input: IngestInput, options: IngestOptions, stage: Staging) => Promise<IngestReport>;
  /** give each report the file's SHA-256, computed from the bytes as they are parsed (no second read); default false */
  hash?: boolean;
  /** where each file's SHA-256 is computed (the tab: its hash worker); default in this thread */
  hasher?: () => StreamHasher;
}

/**
 * Parses every input and loads its rows, one file after another; all rejected lines go to
 * `parse_rejects`. The tables hold every file, told apart by `source`, and every query orders by
 * time, which is what merges several files by time.
 *
 * All or nothing: the rows go to staging tables that replace the loaded data only once every file
 * has loaded (staging.ts). When a file fails or the load is cancelled, the tables keep the
 * previous dataset exactly, and the error names the file (and the line, when one value was refused).
 */
export async function loadSources(db: Db, inputs: SourceInput[], options: LoadOptions): Promise<ParseReport[]> {
  if (inputs.length === 0) throw new Error('no input files');
  const names = new Set<string>();
  for (const input of inputs) {
    if (names.has(input.name)) throw new Error(`the same file name was given twice: ${input.name}`);
    names.add(input.name);
  }
  const labels = options.labels ?? [];
  if (labels.length > 0 && options.append) throw new Error('labels replace the loaded ones: they cannot be appended');
  checkLabelRows(labels);
  return staged(
    db,
    async (stage) => {
      const reports: ParseReport[] = [];
      let rows = 0;
      for (let i = 0; i < inputs.length; i++) {
        const hashed = options.hash ? hashedChunks(inputs[i].chunks, options.hasher?.()) : null;
        const input = hashed ? { ...inputs[i], chunks: hashed.chunks } : inputs[i];
        try {
          const report: ParseReport = await (options.ingestFile ?? ingest)(input, {
            ...options,
            rowsBefore: rows,
            onBatch: (batch) => {
              rows += batch.length;
              return insertFrom(stage, batch);
            },
            onRows: (n) => {
              rows += n;
            },
            onProgress: options.onProgress ? (p) => options.onProgress?.({ ...p, fileIndex: i, fileCount: inputs.length }) : undefined,
          }, stage);
          if (hashed) {
            const sha256 = await hashed.digest();
            // the driver reads every input to its end; a hash missing here would be a driver bug, not a user's problem
            if (sha256 === null) throw new Error('the file was not read to its end, so it has no SHA-256');
            report.sha256 = sha256;
          }
          await stage.insertIssues(report.rejects, 'parse_rejects');
          await stage.insertIssues(report.warnings, 'parse_warnings');
          reports.push(report);
        } catch (e) {
          throw inFile(e, input.name);
        }
      }
      await stage.insertLabels(labels);
      return reports;
    },
    { append: options.append },
  );
}

/** Inserts a parsed batch; a refused value is reported at the line it came from. */
async function insertFrom(stage: Staging, batch: Batch): Promise<void> {
  try {
    await stage.insert(batch);
  } catch (e) {
    const line = isRowError(e) ? batch.line?.[e.row] : undefined;
    if (isRowError(e) && line !== undefined) throw new Error(`line ${line}: ${e.detail}`, { cause: e });
    throw e;
  }
}

/** The error with the file's name in front, unless its message names the file already; a cancel stays a cancel. */
function inFile(e: unknown, name: string): unknown {
  if (isAbort(e)) return e;
  const message = messageOf(e);
  if (message.includes(name)) return e;
  return new Error(`${name}: ${message}`, { cause: e });
}
