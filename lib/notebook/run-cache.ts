/**
 * The run cache: a trained and evaluated run kept in the browser (IndexedDB, app/clients/run-cache.ts)
 * so a repeat visit to an experiment shows its results before the engine has even started. This
 * file is the pure part: what the key covers, what an entry holds and how it is checked when read
 * back, and which entries the bound evicts.
 *
 * The key is the whole normalised spec minus the fields listed in RUN_INDEPENDENT (each proven
 * not to reach the run below), plus the build id and the entry format: a field added to the spec
 * later is in the key unless someone decides, here, that it does not change a run.
 */
import type { EvalRun, FeatureFrame } from '../eval/evaluate';
import { specSchema, type ExperimentSpec } from '../spec/schema';
import { assertNever } from '../util/assert-never';

/** Bump when the entry's shape or meaning changes: older entries are then ignored (and recomputed). */
export const RUN_CACHE_FORMAT = 1;
/** Runs kept per browser (least recently used evicted first); the default experiment's entry takes 3.3 MB on disk in Chromium (BENCHMARKS.md). */
const RUN_CACHE_MAX = 5;

/**
 * Spec fields that never reach the stored run, and why:
 * - `name`: a label shown in the header;
 * - `explore`: the Explore cell's range and table sizes, read by its queries only;
 * - `sql`: the SQL cells, run on the tables after training;
 * - `alerts`: live mode's rules, read when a bundle is built or live mode runs, from the spec then;
 * - `models.thresholds`: hand-set thresholds, applied to the stored run when it is shown (withManualThresholds);
 * - `source.reviews` (uploads): alarms confirmed or dismissed; a confirmation writes `source.labels`, which is in the key.
 */
export const RUN_INDEPENDENT = { top: ['name', 'explore', 'sql', 'alerts'], models: ['thresholds'], source: ['reviews'] } as const;

/** What the page keeps of a finished run: exactly what it shows, so a hit renders as the fresh run did. */
export interface CachedRun {
  run: EvalRun;
  /** tfjs backend the AutoEncoder trained on */
  backend: string;
  frame: FeatureFrame;
  /** training time of the run when it was computed (ms), shown beside it */
  elapsedMs: number;
  featuresMs: number;
}

/** One stored entry: the run and the full key it was stored under (the store's own key is a hash of it). */
export interface RunCacheEntry extends CachedRun {
  format: typeof RUN_CACHE_FORMAT;
  key: string;
}

function omit(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!keys.includes(k)) out[k] = v;
  return out;
}

/** JSON with every object's keys sorted: the same spec gives the same text whatever order it was built in. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * The run-defining text of a spec for this build: the data (scenario and seed, files' SHA-256 and
 * parse settings, a window table's or series' identity, labels), window, features, detectors,
 * hyperparameters, split, post-processing, threshold rule and event matching.
 */
export function runCacheKey(spec: ExperimentSpec, buildId: string): string {
  // parsed again so a spec with defaults left out keys the same as one with them written in
  const s = specSchema.parse(spec) as unknown as Record<string, unknown>;
  const kept = omit(s, RUN_INDEPENDENT.top);
  kept.models = omit(s.models as Record<string, unknown>, RUN_INDEPENDENT.models);
  kept.source = omit(s.source as Record<string, unknown>, RUN_INDEPENDENT.source);
  return canonical({ format: RUN_CACHE_FORMAT, build: buildId, spec: kept });
}

/**
 * Whether the page loads this source's data without the user (a simulation, a shipped sample): only
 * then is a cached run shown before the data is in. An upload waits for the user's files.
 */
export function loadsItself(source: ExperimentSpec['source']): boolean {
  switch (source.kind) {
    case 'simulator':
    case 'sample':
      return true;
    case 'nab':
      return source.series.kind === 'sample';
    case 'upload':
    case 'windows':
      return false;
    default:
      return assertNever(source);
  }
}

export function entryOf(key: string, run: CachedRun): RunCacheEntry {
  return { format: RUN_CACHE_FORMAT, key, run: run.run, backend: run.backend, frame: run.frame, elapsedMs: run.elapsedMs, featuresMs: run.featuresMs };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The run stored for `key`, or null when the value is not a whole entry of this format for this
 * key (an older format, a hash collision, a truncated or corrupted value): the caller recomputes.
 */
export function runOfEntry(value: unknown, key: string): CachedRun | null {
  if (!isObject(value) || value.format !== RUN_CACHE_FORMAT || value.key !== key) return null;
  const { run, frame, backend, elapsedMs, featuresMs } = value;
  if (typeof backend !== 'string' || typeof elapsedMs !== 'number' || typeof featuresMs !== 'number') return null;
  if (!isObject(frame) || !(frame.starts instanceof Float64Array) || !Array.isArray(frame.X) || !Array.isArray(frame.features)) return null;
  const n = frame.starts.length;
  if (frame.X.length !== n || !frame.X.every((row) => row instanceof Float64Array && row.length === (frame.features as unknown[]).length)) return null;
  if (!isObject(run) || !Array.isArray(run.detectors) || !isObject(run.scores) || !isObject(run.models) || !isObject(run.context) || !isObject(run.explain) || !isObject(run.fixed)) return null;
  if (run.windows !== n) return null;
  for (const s of Object.values(run.scores)) if (!(s instanceof Float64Array) || s.length !== n) return null;
  const ctx = run.context;
  if (!(ctx.starts instanceof Float64Array) || ctx.starts.length !== n || !isObject(ctx.config) || !isObject(ctx.split) || !isObject(ctx.truth) || !Array.isArray(ctx.labels)) return null;
  return { run: run as unknown as EvalRun, frame: frame as unknown as FeatureFrame, backend, elapsedMs, featuresMs };
}

/**
 * The recency list after entry `id` was stored or read (most recent last), bounded to `max`, and
 * the ids to delete: those that fell out of it and any stored entry the list does not name (left
 * by a lost or corrupted list), so the store never holds more than `max` entries for long.
 */
export function touchLru(order: readonly string[], id: string, stored: readonly string[], max = RUN_CACHE_MAX): { order: string[]; evicted: string[] } {
  const held = new Set([...stored, id]);
  const next = [...order.filter((k) => k !== id && held.has(k)), id];
  const cut = Math.max(0, next.length - max);
  const kept = next.slice(cut);
  return { order: kept, evicted: [...held].filter((k) => !kept.includes(k)) };
}

/** The recency list as stored, or empty when the stored value is not one. */
export function lruOf(value: unknown): string[] {
  return Array.isArray(value) && value.every((k) => typeof k === 'string') ? (value as string[]) : [];
}
