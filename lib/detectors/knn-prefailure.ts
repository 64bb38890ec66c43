/**
 * KNN failure predictor: "is a failure coming?", as a calibrated probability, from how closely the
 * recent past resembles the labeled run-ups (precursors) of past failures rather than normal time.
 *
 * - Signature of a window: its deviation from normal and its trend (lib/predict/signature.ts).
 * - Examples: training windows inside a labeled precursor are positives; normal windows (outside
 *   any incident and a recovery margin after it) are negatives, subsampled with the seeded rng.
 *   Failure windows are neither: the failure is no longer coming. A run-up that leaves no trace
 *   in the features is not learned from (lib/predict/relevance.ts), and windows are compared on
 *   the dimensions the learned run-ups show in.
 * - Score: the share of run-up windows among the `neighbours` nearest examples (an exact search,
 *   lib/predict/neighbours.ts: a scan or ml-knn's k-d tree, with the same result), through
 *   Platt scaling fitted on out-of-fold votes. Out-of-fold is leave-one-incident-out in time order
 *   (lib/predict/examples.ts): each training incident's windows are voted on by a model that never
 *   saw that incident, so calibration and threshold see what a new incident looks like, not the
 *   model recalling its own examples.
 * - Threshold: the lowest probability whose out-of-fold warnings on the training span stay within
 *   `warningsPerDay` false warning events a day (the alarm-budget rule every detector uses).
 * - Each window names the training incident most of its run-up neighbours come from.
 * Causal: a window's probability reads its own signature only, and signatures look back only.
 */
import type { Rng } from '../util/rng';
import { checkMatrix, positiveInt, type Detector, type Matrix } from './types';
import type { LabelRow } from '../labels/types';
import { signatures, type SignatureOptions } from '../predict/signature';
import { relevance } from '../predict/relevance';
import { ROLE, incidentFolds, sample, thin, windowRoles } from '../predict/examples';
import { buildIndex, pluralityOf, project, scoresOf, voteOf, NEIGHBOUR_INDEXES, type Index, type NeighbourIndex } from '../predict/neighbours';
import { calibrateChecked, probabilityOf, type CalibrationCheck, type Platt } from '../predict/calibration';
import { alarmBudgetThreshold } from '../metrics/thresholds';

export type KnnPrefailureOptions = {
  /** Nearest examples voting on each window; default 20. */
  neighbours: number;
  /** Windows averaged into a signature's level; default 5. */
  smooth: number;
  /** Windows back to the level a signature's trend is taken from (0 = no trend part); default 30. */
  trend: number;
  /** Windows whose votes are averaged into a window's score (a warning should not flicker with single noisy windows); default 10. */
  persist: number;
  /** Signature dimensions kept per learned incident, those its run-up deviates most on; default 3. */
  dims: number;
  /** Normal windows kept as negative examples at most (seeded subsample); default 1000. */
  negatives: number;
  /** False warning events a day allowed on the training span's out-of-fold probabilities: sets the warning threshold; default 0.5. */
  warningsPerDay: number;
  /** Longest horizon, in minutes, a warning promises a failure within (the longest learned run-up, capped here); default 360. */
  horizonCapMin: number;
  /** How the nearest examples are found (lib/predict/neighbours.ts): exact either way, the same neighbours, only the speed differs; default 'auto'. */
  index: NeighbourIndex;
};

export const defaults: KnnPrefailureOptions = { neighbours: 20, smooth: 5, trend: 30, persist: 10, dims: 3, negatives: 1000, warningsPerDay: 0.5, horizonCapMin: 360, index: 'auto' };

/** Minutes after a failure ends that are neither normal nor run-up: the system may still be recovering. */
const RECOVERY_MIN = 30;
/** A run-up is learned from when its late half sits this many robust spreads from normal on some dimension. */
const MIN_EFFECT = 2.5;
/** Run-up windows kept as positive examples at most (evenly thinned beyond). */
const MAX_POSITIVES = 1000;

/** What fit needs: the scaled training rows in time order, their window starts, and the labels. */
export interface KnnPrefailureTrain {
  X: Matrix;
  starts: readonly number[];
  windowMs: number;
  labels: readonly LabelRow[];
}

/** A training incident with a labeled run-up. */
export type PastIncident = {
  id: string;
  kind: string;
  precursorStart: number;
  failureStart: number;
  /** largest late-run-up deviation from normal, in robust spreads */
  effect: number;
};

export type KnnPrefailureModel = {
  kind: 'knn-prefailure';
  version: 2;
  neighbours: number;
  smooth: number;
  trend: number;
  persist: number;
  features: number;
  /** the signature dimensions compared (indices into the full signature) */
  dims: number[];
  /** signatures of the examples on `dims`, run-up windows first */
  examples: number[][];
  /** per example: its slot in `incidents` (a run-up window) or −1 (a normal window) */
  exampleIncident: number[];
  /** learned incidents: what a warning can resemble */
  incidents: PastIncident[];
  /** incidents with a labeled run-up too faint in these features to learn from */
  faint: PastIncident[];
  /** kinds with a learned run-up: the predictor's recall is over these */
  learnableKinds: string[];
  /** kinds whose training run-ups were all faint: not predictable from these logs */
  faintKinds: string[];
  /** kinds that failed in training without a labeled run-up: not predictable from these logs */
  suddenKinds: string[];
  platt: Platt | null;
  calibration: CalibrationCheck;
  /** warn when the probability reaches this (chosen on the training span) */
  threshold: number;
  warningsPerDay: number;
  /** false warning events the threshold leaves on the training span (out-of-fold) */
  trainFalseWarnings: number;
  /** a warning promises a failure within this many ms */
  horizonMs: number;
  /** the neighbour search scoring uses (absent in models saved before it was a choice: auto; the same neighbours either way) */
  index?: NeighbourIndex;
};

const sig = (m: Pick<KnnPrefailureOptions, 'smooth' | 'trend'>): SignatureOptions => ({ smooth: m.smooth, trend: m.trend });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function checkOptions(o: KnnPrefailureOptions): void {
  positiveInt('neighbours', o.neighbours);
  positiveInt('smooth', o.smooth);
  positiveInt('negatives', o.negatives);
  positiveInt('dims', o.dims);
  positiveInt('persist', o.persist);
  if (!(Number.isInteger(o.trend) && o.trend >= 0)) throw new Error(`invalid trend: ${o.trend} (expected an integer ≥ 0)`);
  if (!(o.warningsPerDay >= 0 && Number.isFinite(o.warningsPerDay))) throw new Error(`invalid warningsPerDay: ${o.warningsPerDay}`);
  if (!(o.horizonCapMin > 0 && Number.isFinite(o.horizonCapMin))) throw new Error(`invalid horizonCapMin: ${o.horizonCapMin}`);
  if (!NEIGHBOUR_INDEXES.includes(o.index)) throw new Error(`invalid index: ${String(o.index)} (expected one of ${NEIGHBOUR_INDEXES.join(', ')})`);
}

const kindsOf = (xs: { kind: string }[]) => [...new Set(xs.map((x) => x.kind))].sort();

/** `onProgress` hears of each leave-one-incident-out fold done (the bulk of the work). */
export function fit(train: KnnPrefailureTrain, options: KnnPrefailureOptions = defaults, rng: Rng, onProgress?: (done: number, total: number) => void): KnnPrefailureModel {
  checkOptions(options);
  if (train == null || !Array.isArray(train.labels) || !Array.isArray(train.starts)) throw new Error('knn fit: expected { X, starts, windowMs, labels }');
  const d = checkMatrix(train.X, 'knn fit');
  if (d < 1) throw new Error('knn fit: needs at least 1 feature, got 0');
  if (train.starts.length !== train.X.length) throw new Error(`knn fit: ${train.X.length} rows but ${train.starts.length} window starts`);
  const n = train.X.length;
  const S = signatures(train.X, sig(options));
  const roles = windowRoles(train.starts, train.windowMs, train.labels, RECOVERY_MIN * 60_000);
  const suddenKinds = kindsOf(roles.incidents.filter((inc) => inc.precursorStart === null));

  // run-up windows per training incident, in time order
  const runUp = new Map<number, number[]>();
  for (let i = 0; i < n; i++) if (roles.role[i] === ROLE.positive) (runUp.get(roles.incident[i]) ?? runUp.set(roles.incident[i], []).get(roles.incident[i])!).push(i);
  if (runUp.size === 0) {
    const seen = roles.incidents.length;
    throw new Error(`knn fit: no labeled run-up (precursor) in the training span to learn from (${seen} failure${seen === 1 ? '' : 's'} there${seen ? `, all sudden: ${suddenKinds.join(', ')}` : ''})`);
  }
  const normal = sample(range(n).filter((i) => roles.role[i] === ROLE.negative), options.negatives, rng);
  if (normal.length === 0) throw new Error('knn fit: no normal window in the training span (every window is in or near an incident)');
  const candidates = [...runUp.keys()];
  const seen = relevance(S, candidates.map((k) => runUp.get(k)!), normal, options.dims, MIN_EFFECT);
  const past = (k: number, c: number): PastIncident => {
    const inc = roles.incidents[k];
    return { id: inc.incidentId, kind: inc.kind, precursorStart: inc.precursorStart!, failureStart: inc.failureStart, effect: seen.effect[c] };
  };
  const learned = candidates.filter((_, c) => seen.visible[c]);
  const incidents = learned.map((k) => past(k, candidates.indexOf(k)));
  const faint = candidates.flatMap((k, c) => (seen.visible[c] ? [] : [past(k, c)]));
  if (learned.length === 0) {
    throw new Error(`knn fit: no run-up in the training span shows in these features (${faint.map((f) => `${f.kind} ${f.id}`).join(', ')}: largest deviation below ${MIN_EFFECT} robust spreads)`);
  }
  const learnableKinds = kindsOf(incidents);
  const faintKinds = kindsOf(faint).filter((k) => !learnableKinds.includes(k));

  // examples: learned run-up windows, then normal windows; each labeled with its incident slot or −1
  const slotOf = new Map(learned.map((k, s) => [k, s]));
  const rows = [...thin(learned.flatMap((k) => runUp.get(k)!), MAX_POSITIVES), ...normal];
  const slot = rows.map((i) => (roles.role[i] === ROLE.positive ? slotOf.get(roles.incident[i])! : -1));
  /** The compared dimensions and the neighbour index over the examples `use` (positions in `rows`). */
  const core = (use: number[]): { dims: number[]; ix: Index } | null => {
    const bySlot = learned.map(() => [] as number[]);
    const neg: number[] = [];
    for (const e of use) (slot[e] >= 0 ? bySlot[slot[e]] : neg).push(rows[e]);
    if (neg.length === 0) return null;
    const r = relevance(S, bySlot, neg, options.dims, MIN_EFFECT);
    // with no visible run-up left, compare on every dimension: the vote is then 0 everywhere anyway
    const dims = r.dims.length > 0 ? r.dims : range(S[0].length);
    return { dims, ix: buildIndex(use.map((e) => project(S[rows[e]], dims)), use, options.neighbours, dims.length, options.index) };
  };
  const vote = (c: { dims: number[]; ix: Index }, row: ArrayLike<number>) => voteOf(c.ix.nearest(project(row, c.dims)), (e) => slot[e] >= 0);

  // out-of-fold votes for every training window: leave one incident (and its stretch of time) out
  const { fold, folds } = incidentFolds(roles, Math.max(1, Math.round(86_400_000 / train.windowMs)));
  const votes = new Float64Array(n);
  for (let f = 0; f < folds; f++) {
    const c = core(range(rows.length).filter((e) => fold[rows[e]] !== f));
    for (let i = 0; i < n; i++) if (fold[i] === f && c) votes[i] = vote(c, S[i]);
    onProgress?.(f + 1, folds);
  }
  const oof = scoresOf(votes, options.persist, Math.min(options.neighbours, rows.length));
  const final = core(range(rows.length))!;

  // calibration on learned run-up windows (1) against normal windows (0), checked fold by fold
  const isLearned = (i: number) => roles.role[i] === ROLE.positive && slotOf.has(roles.incident[i]);
  const labeled = range(n).filter((i) => isLearned(i) || roles.role[i] === ROLE.negative);
  const { platt, check } = calibrateChecked(
    labeled.map((i) => oof[i]),
    labeled.map((i) => (isLearned(i) ? 1 : 0)),
    labeled.map((i) => fold[i]),
  );

  // threshold: out-of-fold probabilities of the training span within the false-warning budget;
  // warnings touching an incident, its run-up or its recovery would not be false: off the budget
  const choice = alarmBudgetThreshold(
    train.starts,
    Array.from(oof, (v) => probabilityOf(platt, v)),
    train.windowMs,
    options.warningsPerDay,
    Array.from(roles.role, (r) => r !== ROLE.negative),
  );
  const longest = Math.max(...incidents.map((i) => i.failureStart - i.precursorStart));
  return {
    kind: 'knn-prefailure',
    version: 2,
    neighbours: options.neighbours,
    smooth: options.smooth,
    trend: options.trend,
    persist: options.persist,
    features: d,
    dims: final.dims,
    examples: rows.map((i) => project(S[i], final.dims)),
    exampleIncident: slot,
    incidents,
    faint,
    learnableKinds,
    faintKinds,
    suddenKinds,
    platt,
    calibration: check,
    threshold: choice.threshold,
    warningsPerDay: options.warningsPerDay,
    trainFalseWarnings: choice.trainAlarms ?? 0,
    horizonMs: Math.min(longest, options.horizonCapMin * 60_000),
    index: options.index,
  };
}

function checkModel(model: KnnPrefailureModel, X: Matrix): void {
  if (model?.kind !== 'knn-prefailure' || model.version !== 2) {
    throw new Error(`not a knn failure predictor model (v2): kind ${model?.kind}, version ${model?.version}`);
  }
  checkMatrix(X, 'knn score', model.features);
}

// score and explain run one after the other on the same rows: search once
const searched = new WeakMap<object, { model: KnnPrefailureModel; votes: Float64Array; slot: Int32Array }>();

/** Per window: the run-up votes among its nearest examples, and the slot of the incident it resembles most (−1: none). */
function search(model: KnnPrefailureModel, X: Matrix): { votes: Float64Array; slot: Int32Array } {
  const hit = searched.get(X);
  if (hit && hit.model === model) return hit;
  const S = signatures(X, sig(model));
  const ix = buildIndex(model.examples, range(model.examples.length), model.neighbours, model.dims.length, model.index);
  const votes = new Float64Array(X.length);
  const slot = new Int32Array(X.length).fill(-1);
  const incidentOf = (e: number) => model.exampleIncident[e];
  for (let t = 0; t < X.length; t++) {
    const nb = ix.nearest(project(S[t], model.dims));
    votes[t] = voteOf(nb, (e) => incidentOf(e) >= 0);
    // the past incident most of its run-up neighbours come from
    slot[t] = pluralityOf(nb, incidentOf);
  }
  searched.set(X, { model, votes, slot });
  return { votes, slot };
}

/** Probability, per window, that a failure is coming (calibrated on the training span). */
export function score(model: KnnPrefailureModel, X: Matrix): Float64Array {
  checkModel(model, X);
  const k = Math.min(model.neighbours, model.examples.length);
  return Float64Array.from(scoresOf(search(model, X).votes, model.persist, k), (x) => probabilityOf(model.platt, x));
}

/** Per window, the slot in `model.incidents` of the past incident whose run-up it resembles most; −1 when no run-up example is among its neighbours. */
export function nearest(model: KnnPrefailureModel, X: Matrix): Int32Array {
  checkModel(model, X);
  return search(model, X).slot;
}

/** 1 where the probability reaches the model's threshold. */
export function warnings(model: KnnPrefailureModel, scores: Float64Array): Uint8Array {
  return Uint8Array.from(scores, (s) => (s >= model.threshold ? 1 : 0));
}

export const detector: Detector<KnnPrefailureOptions, KnnPrefailureModel> = {
  defaults,
  fit: (train, o, rng, ctx) => {
    if (!ctx?.trainStarts || ctx.windowMs === undefined || !ctx.labels) throw new Error('the KNN predictor needs the training windows’ times and the labels');
    return fit({ X: train, starts: ctx.trainStarts, windowMs: ctx.windowMs, labels: ctx.labels }, o, rng, (d, t) => ctx.onProgress?.(d, t, 'folds'));
  },
  score,
  explain: nearest,
  ownThreshold: (m) => m.threshold,
};
