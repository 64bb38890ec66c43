/**
 * What happens to a detector's raw scores before a threshold sees them. Every step is causal
 * (the output at t reads raw scores and feature rows at or before t), so post-processing never
 * lets the future into a score:
 *
 * - `likelihood`: the anomaly likelihood of the raw score stream (./likelihood.ts), on [0, 1] and
 *   comparable across detectors and series;
 * - `likelihood+extreme`: the same, plus the "new extreme" rule — a window where a feature leaves
 *   the range it has spanned so far by more than a margin scores 1 (an alarm at any threshold ≤ 1).
 */
import { assertNever } from '../util/assert-never';
import { anomalyLikelihood, checkLikelihoodOptions, likelihoodDefaults, type LikelihoodOptions } from './likelihood';
import { checkMatrix, type Matrix } from './types';

export const POST_KINDS = ['none', 'likelihood', 'likelihood+extreme'] as const;
export type PostKind = (typeof POST_KINDS)[number];

export interface ExtremeOptions {
  /** how far past the running [min, max] a value must go, as a share of max − min; default 0.1 */
  margin: number;
  /** rows seen before the rule can fire (the range needs a history); default 100 */
  warmup: number;
}

const extremeDefaults: ExtremeOptions = { margin: 0.1, warmup: 100 };

export interface PostOptions {
  kind: PostKind;
  likelihood: LikelihoodOptions;
  extreme: ExtremeOptions;
}

export const postDefaults: PostOptions = { kind: 'none', likelihood: likelihoodDefaults, extreme: extremeDefaults };

/** The new-extreme rule's memory: the running range per feature and the rows seen (live mode persists it). */
export interface ExtremeState {
  [key: string]: number | number[];
  seen: number;
  lo: number[];
  hi: number[];
}

function checkExtremeOptions({ margin, warmup }: ExtremeOptions): void {
  if (!(margin >= 0 && Number.isFinite(margin))) throw new Error(`invalid extreme margin: ${margin}`);
  if (!Number.isInteger(warmup) || warmup < 1) throw new Error(`invalid extreme warmup: ${warmup} (expected a positive integer)`);
}

/**
 * Row by row: true where some feature of the row lies beyond the running range of the rows before
 * it by more than margin × (max − min). A feature that has been constant so far has range 0: any
 * change of it is a new extreme. `state` is updated in place.
 */
export function extremeStep(state: ExtremeState, row: ArrayLike<number>, options: ExtremeOptions = extremeDefaults): boolean {
  const { lo, hi } = state;
  const i = state.seen++;
  if (i === 0) {
    for (let j = 0; j < row.length; j++) lo[j] = hi[j] = row[j];
    return false;
  }
  let fire = false;
  for (let j = 0; j < row.length; j++) {
    const v = row[j];
    const pad = options.margin * (hi[j] - lo[j]);
    if (v > hi[j] + pad || v < lo[j] - pad) fire = true;
    if (v > hi[j]) hi[j] = v;
    if (v < lo[j]) lo[j] = v;
  }
  return fire && i >= options.warmup;
}

function newExtremes(X: Matrix, options: ExtremeOptions = extremeDefaults): Uint8Array {
  checkExtremeOptions(options);
  checkMatrix(X, 'new extremes');
  const state: ExtremeState = { seen: 0, lo: [], hi: [] };
  return Uint8Array.from(X, (row) => (extremeStep(state, row, options) ? 1 : 0));
}

function checkPostOptions(o: PostOptions): void {
  if (!(POST_KINDS as readonly string[]).includes(o.kind)) throw new Error(`unknown post-processing: ${o.kind} (known: ${POST_KINDS.join(', ')})`);
  checkLikelihoodOptions(o.likelihood);
}

/** Raw scores (one per row of X) after the configured post-processing. */
export function postProcess(raw: Float64Array, X: Matrix, options: PostOptions = postDefaults): Float64Array {
  checkPostOptions(options);
  if (raw.length !== X.length) throw new Error(`post-processing: ${raw.length} scores for ${X.length} rows`);
  switch (options.kind) {
    case 'none':
      return raw;
    case 'likelihood':
      return anomalyLikelihood(raw, options.likelihood);
    case 'likelihood+extreme': {
      const out = anomalyLikelihood(raw, options.likelihood);
      const ext = newExtremes(X, options.extreme);
      for (let i = 0; i < out.length; i++) if (ext[i]) out[i] = 1;
      return out;
    }
    default:
      return assertNever(options.kind);
  }
}
