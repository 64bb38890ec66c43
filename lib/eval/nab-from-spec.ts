/**
 * What the page's NAB run takes from the spec, so it is `harbinger nab` on that one file: the
 * spec's detectors (less those NAB cannot run), seed and post-processing, and only the
 * hyperparameters the user changed from the workbench's defaults (left alone, runNab applies
 * NAB_PARAMS exactly as the CLI does).
 */
import type { ExperimentSpec } from '../spec/schema';
import { defaultParams } from './params';
import { postOf } from './from-spec';
import type { NabRunOptions } from './nab-run';
import type { ParamsInput } from './params';

/** Detectors runNab refuses (kept here too, so the page need not load the detectors to list them). */
export const NAB_UNSUPPORTED_NAMES: readonly string[] = ['knn-prefailure'];

export interface NabRunPlan {
  detectors: string[];
  /** chosen in the spec but not run on a NAB series, with why */
  skipped: { detector: string; why: string }[];
  options: Omit<NabRunOptions, 'onProgress'>;
}

export function nabRunOf(spec: ExperimentSpec): NabRunPlan {
  const chosen = spec.models.detectors;
  const detectors = chosen.filter((d) => !NAB_UNSUPPORTED_NAMES.includes(d));
  const skipped = chosen
    .filter((d) => NAB_UNSUPPORTED_NAMES.includes(d))
    .map((detector) => ({ detector, why: "it learns from failures labelled in the training span, and NAB's probationary rows hold none" }));
  return { detectors, skipped, options: { seed: spec.seed, post: postOf(spec.models.post), params: changedParams(spec.models.params) } };
}

/** Fields that differ from the defaults, detector by detector (equal values compared as JSON). */
function changedParams(params: ExperimentSpec['models']['params']): ParamsInput {
  const defaults = defaultParams() as Record<string, Record<string, unknown>>;
  const out: Record<string, Record<string, unknown>> = {};
  for (const [det, fields] of Object.entries(params as Record<string, Record<string, unknown>>)) {
    for (const [k, v] of Object.entries(fields)) {
      if (JSON.stringify(v) !== JSON.stringify(defaults[det]?.[k])) (out[det] ??= {})[k] = v;
    }
  }
  return out as ParamsInput;
}
