/**
 * Threshold rules on one feature column: the score is the column itself, so rank-based metrics and
 * the ensemble see the raw value and `threshold` is the rule's own alarm level.
 *   rate5xx    — share of 5xx answers in the window (feature `rate_5xx`) above x;
 *   bruteForce — failed logins from the most active address (feature `auth_top_ip_failures`) ≥ N.
 */
import { checkMatrix, type Matrix } from './types';

export type RuleOptions = {
  /** Feature id (resolved through `columns`) or column index of the rule's feature. */
  feature: string | number;
  /** Alarm level on the feature's own unit; an alarm is score ≥ threshold. */
  threshold: number;
  /** Feature ids in column order; needed when `feature` is a name. */
  columns?: readonly string[];
};

export type RuleModel = { kind: 'rule'; version: 1; column: number; features: number; threshold: number };

/** 5xx rate rule; default threshold 0.05 (5 % of requests). */
export const rate5xxDefaults: RuleOptions = { feature: 'rate_5xx', threshold: 0.05 };
/** Brute-force rule; default threshold 10 failed logins from one address per window. */
export const bruteForceDefaults: RuleOptions = { feature: 'auth_top_ip_failures', threshold: 10 };

function resolveColumn(options: RuleOptions, d: number): number {
  const f = options.feature;
  let column: number;
  if (typeof f === 'number') {
    column = f;
  } else {
    if (!options.columns) throw new Error(`rule feature ${JSON.stringify(f)} is a name but no columns were given`);
    column = options.columns.indexOf(f);
    if (column < 0) throw new Error(`rule feature ${JSON.stringify(f)} is not among the columns [${options.columns.join(', ')}]`);
  }
  if (!Number.isInteger(column) || column < 0 || column >= d) {
    throw new Error(`invalid rule feature column: ${column} (data has ${d} features)`);
  }
  return column;
}

/** Rules learn nothing: fit only checks the data and pins the column and the width. */
export function fit(train: Matrix, options: RuleOptions): RuleModel {
  const d = checkMatrix(train, 'rule fit');
  if (!Number.isFinite(options.threshold)) throw new Error(`invalid rule threshold: ${options.threshold}`);
  return { kind: 'rule', version: 1, column: resolveColumn(options, d), features: d, threshold: options.threshold };
}

export function score(model: RuleModel, X: Matrix): Float64Array {
  if (model?.kind !== 'rule') throw new Error(`not a rule model: kind ${model?.kind}`);
  checkMatrix(X, 'rule score', model.features);
  return Float64Array.from(X, (row) => row[model.column]);
}

/** The rule's own alarms: 1 where score ≥ threshold. */
export function alarms(model: RuleModel, scores: Float64Array): Uint8Array {
  return Uint8Array.from(scores, (s) => (s >= model.threshold ? 1 : 0));
}
