/**
 * worker_threads entry point of `harbinger parse --threads N` (parallel.ts): parses one slice of a
 * plain-text access log with the ordinary driver, appends its rows to this thread's own in-memory
 * DuckDB (the same adapter and checks as a sequential load) and writes them out as one Parquet
 * file, which the main thread's DuckDB reads in bulk. Line numbers count from the slice's first
 * line; the main thread adds the lines of the slices before.
 */
import { parentPort } from 'node:worker_threads';
import path from 'node:path';
import { ingest, type IngestReport } from '../ingest/ingest';
import type { IngestLimits } from '../ingest/limits';
import type { LogFormat } from '../ingest/types';
import { openNative, type NativeDb } from '../db/native';
import { createSchema, sqlString } from '../db/schema';
import { isRowError } from '../db/columns';
import { messageOf } from '../jobs/result';

export interface SliceJob {
  index: number;
  name: string;
  bytes: Uint8Array;
  format: LogFormat;
  year?: number;
  latencyUnit?: 'auto' | 's' | 'ms' | 'us';
  limits?: Partial<IngestLimits>;
  maxRejects: number;
  /** folder for the slice's Parquet file */
  dir: string;
}

export type SliceResult =
  /** `file`: the slice's request rows as Parquet, null when it has none */
  | { kind: 'ok'; index: number; report: IngestReport; file: string | null }
  /** the table refused a value on a line of the slice (1-based within the slice) */
  | { kind: 'refused'; index: number; line: number; detail: string }
  | { kind: 'error'; index: number; message: string };

const port = parentPort;
if (port === null) throw new Error('parse-worker.ts runs as a worker thread');

let engine: Promise<NativeDb> | null = null;
function db(): Promise<NativeDb> {
  engine ??= (async () => {
    // one thread each: the parse workers and the main thread's DuckDB already use every core
    const d = await openNative(':memory:', { threads: 1 });
    await createSchema(d);
    return d;
  })();
  return engine;
}

class Refused extends Error {
  constructor(readonly line: number, readonly detail: string) {
    super(detail);
  }
}

async function slice(job: SliceJob): Promise<SliceResult> {
  const d = await db();
  let rows = 0;
  const report = await ingest(
    // every slice but the first starts inside the file: no gzip/archive sniffing
    { name: job.name, size: job.bytes.length, plainText: job.index > 0, chunks: (async function* () { yield job.bytes; })() },
    {
      format: job.format,
      year: job.year,
      latencyUnit: job.latencyUnit,
      limits: job.limits,
      maxRejects: job.maxRejects,
      onBatch: async (b) => {
        try {
          await d.insert(b);
        } catch (e) {
          const line = isRowError(e) ? b.line?.[e.row] : undefined;
          if (isRowError(e) && line !== undefined) throw new Refused(line, e.detail);
          throw e;
        }
        rows += b.length;
      },
    },
  );
  if (rows === 0) return { kind: 'ok', index: job.index, report, file: null };
  const file = path.join(job.dir, `slice-${job.index}.parquet`);
  await d.exec(`COPY requests TO ${sqlString(file)} (FORMAT parquet); DELETE FROM requests;`);
  return { kind: 'ok', index: job.index, report, file };
}

port.on('message', (job: SliceJob) => {
  slice(job).then(
    (r) => port.postMessage(r),
    (e: unknown) =>
      port.postMessage(
        e instanceof Refused ? ({ kind: 'refused', index: job.index, line: e.line, detail: e.detail } satisfies SliceResult) : ({ kind: 'error', index: job.index, message: messageOf(e) } satisfies SliceResult),
      ),
  );
});
