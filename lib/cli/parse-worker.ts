/**
 * worker_threads entry point of `harbinger parse --threads N` (parallel.ts): parses one slice of a
 * plain-text access log with the ordinary driver and posts back its report and batches, line
 * numbers counted from the slice's first line (the main thread adds the offset, in order).
 */
import { parentPort } from 'node:worker_threads';
import { ingest } from '../ingest/ingest';
import type { IngestLimits } from '../ingest/limits';
import type { Batch, LogFormat } from '../ingest/types';
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
}

export type SliceResult =
  | { kind: 'ok'; index: number; report: Awaited<ReturnType<typeof ingest>>; batches: Batch[] }
  | { kind: 'error'; index: number; message: string };

const port = parentPort;
if (port === null) throw new Error('parse-worker.ts runs as a worker thread');

port.on('message', (job: SliceJob) => {
  const batches: Batch[] = [];
  ingest(
    // every slice but the first starts inside the file: no gzip/archive sniffing
    { name: job.name, size: job.bytes.length, plainText: job.index > 0, chunks: (async function* () { yield job.bytes; })() },
    { format: job.format, year: job.year, latencyUnit: job.latencyUnit, limits: job.limits, maxRejects: job.maxRejects, onBatch: (b) => void batches.push(b) },
  ).then(
    (report) => {
      const result: SliceResult = { kind: 'ok', index: job.index, report, batches };
      port.postMessage(result, transferables(batches));
    },
    (e: unknown) => port.postMessage({ kind: 'error', index: job.index, message: messageOf(e) } satisfies SliceResult),
  );
});

/** The batches' typed arrays move to the main thread instead of being copied; strings are cloned. */
function transferables(batches: Batch[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const b of batches) {
    for (const v of Object.values(b)) {
      if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.add(v.buffer);
    }
  }
  return [...out];
}
