/**
 * Upgrades a decoded link written by an older Harbinger to the current spec version, one version
 * at a time. A step sees the document as the link held it: keys equal to that version's defaults
 * are absent, so a step that changes a default must write the old default when the key is missing.
 */
import { SPEC_VERSION } from './schema';

export type SpecDocument = Record<string, unknown>;

export interface Migration {
  /** the version this step reads; it produces `from + 1` */
  from: number;
  up(doc: SpecDocument): { doc: SpecDocument; warnings?: string[] };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * v1 → v2:
 * - the KNN pre-failure matcher became a calibrated failure predictor. Its v1 options (`k`, the
 *   pattern length; `neighbours`, default 1; `warnAt`, a fixed similarity) have no meaning for the
 *   predictor, whose warning level is learned on the training span: they are dropped, with a
 *   warning when the link had set them;
 * - defaults that changed (chosen on the simulator, BENCHMARKS.md): the alarm budget went from 1
 *   to 0.5 alarm a day on the training span, and the EWMA chart centres on the training median
 *   instead of the mean. A v1 link meant the old values, so they are written when it left them
 *   out. (Default features are not in the link — `features: null` means "the defaults for the
 *   loaded data" — so an old link that kept them computes today's defaults.)
 */
const v1: Migration = {
  from: 1,
  up(doc) {
    // a malformed document is left as it is, for the schema to name what is wrong
    if (doc.models !== undefined && !isObject(doc.models)) return { doc };
    const models = doc.models ?? {};
    if (models.params !== undefined && !isObject(models.params)) return { doc };
    const params = models.params ?? {};
    const warnings: string[] = [];
    const out: Record<string, unknown> = { ...params };
    if (isObject(params['knn-prefailure'])) {
      const knn = params['knn-prefailure'];
      const { k: _k, neighbours: _n, warnAt: _w, ...rest } = knn;
      const dropped = ['k', 'neighbours', 'warnAt'].filter((key) => key in knn);
      out['knn-prefailure'] = rest;
      if (dropped.length > 0) warnings.push(`The KNN predictor now learns its warning level on the training span: this link's ${dropped.join(', ')} setting${dropped.length > 1 ? 's were' : ' was'} dropped.`);
    }
    if (params.ewma === undefined) out.ewma = { center: 'mean' };
    else if (isObject(params.ewma)) out.ewma = { ...params.ewma, center: params.ewma.center ?? 'mean' };
    const threshold = models.threshold ?? { kind: 'alarm-budget', perDay: 1 };
    return { doc: { ...doc, models: { ...models, threshold, params: out } }, warnings };
  },
};

export const MIGRATIONS: readonly Migration[] = [v1];

export type MigrateResult =
  | { ok: true; doc: SpecDocument; warnings: string[] }
  | { ok: false; message: string };

/** Runs the steps from `doc.v` up to `target`; `doc.v` must already be a whole number ≤ target. */
export function migrate(
  doc: SpecDocument,
  from: number,
  migrations: readonly Migration[] = MIGRATIONS,
  target: number = SPEC_VERSION,
): MigrateResult {
  let current = doc;
  const warnings: string[] = [];
  for (let v = from; v < target; v++) {
    const step = migrations.find((m) => m.from === v);
    if (step === undefined) {
      return { ok: false, message: `spec version ${from} is not one this page can read (no upgrade from version ${v})` };
    }
    const next = step.up(current);
    // The runner owns `v` so a step cannot forget to bump it.
    current = { ...next.doc, v: v + 1 };
    warnings.push(...(next.warnings ?? []));
  }
  if (from < target) {
    warnings.unshift(`This link was made by an older Harbinger (spec version ${from}) and was upgraded to version ${target}.`);
  }
  return { ok: true, doc: current, warnings };
}
