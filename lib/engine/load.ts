import type { Db } from './db';
import type { ParseOptions, ParseProgress, ParseReport } from '../ingest/types';
import { ingest } from '../ingest/ingest';
import { insertRejects, resetData } from './schema';

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
  /** keep what is already loaded (default: replace all data) */
  append?: boolean;
  /** rows all inputs together may add (a browser tab passes TAB_MAX_ROWS); default: no cap */
  maxRows?: number;
}

/**
 * Parses every input and appends its rows to the engine's tables, one file after another; all
 * rejected lines go to `parse_rejects`. The tables hold every file, told apart by `source`, and
 * every query orders by time, which is what merges several files by time.
 */
export async function loadSources(db: Db, inputs: SourceInput[], options: LoadOptions): Promise<ParseReport[]> {
  if (inputs.length === 0) throw new Error('no input files');
  const names = new Set<string>();
  for (const input of inputs) {
    if (names.has(input.name)) throw new Error(`the same file name was given twice: ${input.name}`);
    names.add(input.name);
  }
  if (!options.append) await resetData(db);
  const reports: ParseReport[] = [];
  let rows = 0;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    const report = await ingest(input, {
      ...options,
      rowsBefore: rows,
      onBatch: (batch) => {
        rows += batch.length;
        return db.insert(batch);
      },
      onProgress: options.onProgress ? (p) => options.onProgress?.({ ...p, fileIndex: i, fileCount: inputs.length }) : undefined,
    });
    await insertRejects(db, report.rejects);
    await insertRejects(db, report.warnings, 'parse_warnings');
    reports.push(report);
  }
  return reports;
}
