/**
 * scenario → log text, streamed: a generator of chunks (at most `chunkLines` lines each), files
 * one after the other (access.log, auth.log, metrics.csv), each in time order. Only one chunk
 * per file is being built at a time, so a run of 10 M lines never holds 10 M strings. Same
 * scenario → byte-identical text.
 */
import { assertNever } from '../lib/util/assert-never';
import { AccessProducer, type RequestSink } from './access';
import { AuthProducer, type AuthSink } from './auth';
import type { PlannedIncident } from './failures/types';
import { MetricsProducer, type MetricSink } from './metrics';
import { planIncidents } from './plan';
import { TrafficModel } from './rate';
import { SIM_FILES, type Scenario, type SimFile } from './scenario';
import { AccessText, AuthText, ChunkWriter, MetricsText, type SimChunk } from './text';
import { checkScenario } from './validate';

export const DEFAULT_CHUNK_LINES = 10_000;

export interface GenerateOptions {
  /** most lines per chunk; default DEFAULT_CHUNK_LINES (10,000) */
  chunkLines?: number;
  /** files to write; default those switched on in scenario.outputs */
  files?: readonly SimFile[];
}

/** Files to produce: the ones asked for, else the scenario's outputs, in SIM_FILES order. */
export function selectedFiles(s: Scenario, files?: readonly SimFile[]): SimFile[] {
  if (files !== undefined) {
    for (const f of files) if (!SIM_FILES.includes(f)) throw new Error(`invalid file: ${String(f)} (expected one of ${SIM_FILES.join(', ')})`);
    return SIM_FILES.filter((f) => files.includes(f));
  }
  const on: Record<SimFile, boolean> = { 'access.log': s.outputs.access, 'auth.log': s.outputs.auth, 'metrics.csv': s.outputs.metrics };
  return SIM_FILES.filter((f) => on[f]);
}

/** A sink per file; each is created only when its file is produced. */
export interface Sinks {
  access: () => RequestSink;
  auth: () => AuthSink;
  metrics: () => MetricSink;
}

/** The step generator of one file's producer wired to its sink; shared by the text and the batch paths. */
export function produce(file: SimFile, s: Scenario, plan: readonly PlannedIncident[], model: TrafficModel, sinks: Sinks): Generator<void> {
  switch (file) {
    case 'access.log':
      return new AccessProducer(s, plan, model).run(sinks.access());
    case 'auth.log':
      return new AuthProducer(s, plan).run(sinks.auth());
    case 'metrics.csv':
      return new MetricsProducer(s, plan, model).run(sinks.metrics());
    default:
      return assertNever(file);
  }
}

export function* generate(s: Scenario, options: GenerateOptions = {}): Generator<SimChunk, void, undefined> {
  checkScenario(s);
  const chunkLines = options.chunkLines ?? DEFAULT_CHUNK_LINES;
  const files = selectedFiles(s, options.files);
  const plan = planIncidents(s);
  const model = new TrafficModel(s);
  for (const file of files) {
    const out = new ChunkWriter(file, chunkLines);
    const steps = produce(file, s, plan, model, {
      access: () => new AccessText(out, s.utcOffsetMin),
      auth: () => new AuthText(out),
      metrics: () => new MetricsText(out),
    });
    while (!steps.next().done) {
      if (out.ready.length > 0) {
        yield* out.ready;
        out.ready.length = 0;
      }
    }
    out.seal();
    yield* out.ready;
  }
}
