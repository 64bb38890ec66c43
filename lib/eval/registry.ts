/**
 * Detectors the evaluation can run by name, each behind the contract in lib/detectors/types.ts.
 * `fit` may be async (the tfjs AutoEncoder) and may use the training labels (the KNN predictor).
 */
import type { Json } from '../util/json';
import type { Rng } from '../util/rng';
import * as isolationForest from '../detectors/isolation-forest';
import * as robustZ from '../detectors/robust-z';
import * as ewma from '../detectors/ewma';
import * as mlIforest from '../detectors/ml-iforest';
import * as autoencoder from '../detectors/autoencoder';
import * as knn from '../detectors/knn-prefailure';
import * as conformalKnn from '../detectors/conformal-knn';
import * as spectralResidual from '../detectors/spectral-residual';
import { ensureBackend } from '../detectors/tf';
import type { Matrix } from '../detectors/types';
import type { LabelRow } from '../labels/types';
import { DETECTOR_NAMES, type DetectorName } from './names';
import type { ParamsInput } from './params';

export interface FitContext {
  /** indices (into the training rows) of windows where a labeled failure begins */
  failureStarts: readonly number[];
  /** epoch ms start of each training row's window, and the window length (needed by the KNN predictor) */
  trainStarts?: readonly number[];
  windowMs?: number;
  /** the run's labels; a detector learning from them reads only incidents failing in the training span */
  labels?: readonly LabelRow[];
  /** training progress in the detector's own unit (trees, epochs); not every detector reports it */
  onProgress?: (done: number, total: number, unit: string) => void;
  /** aborts training at the next safe point (the AutoEncoder checks it between epochs) */
  signal?: AbortSignal;
}

export interface RunnableDetector {
  fit(train: Matrix, rng: Rng, context: FitContext): Json | Promise<Json>;
  score(model: Json, X: Matrix): Float64Array;
  /**
   * A threshold the detector learns itself (the KNN predictor's warning level, chosen on the
   * training span), used instead of the evaluation's rule. Such a detector scores something other
   * than anomaly, so it stays out of the rank ensemble.
   */
  ownThreshold?(model: Json): number;
  /**
   * Why each window scored as it did: per-feature contributions (rows × features) for drill-downs,
   * or, for the KNN predictor, the slot in its model's `incidents` of the past incident each window
   * resembles (−1: none).
   */
  explain?(model: Json, X: Matrix): Float64Array[] | Int32Array;
}

/** Each detector with its options: the spec's params over the detector's defaults. */
export const DETECTORS = {
  'isolation-forest': (p?: Partial<isolationForest.IsolationForestOptions>): RunnableDetector => {
    const o = { ...isolationForest.defaults, ...p };
    return {
      fit: (train, rng, ctx) => isolationForest.fit(train, o, rng, (d, t) => ctx.onProgress?.(d, t, 'trees')),
      score: (m, X) => isolationForest.score(m as ReturnType<typeof isolationForest.fit>, X),
    };
  },
  'robust-z': (p?: Partial<robustZ.RobustZOptions>): RunnableDetector => {
    const o = { ...robustZ.defaults, ...p };
    return {
      fit: (train) => robustZ.fit(train, o),
      score: (m, X) => robustZ.score(m as robustZ.RobustZModel, X),
      explain: (m, X) => robustZ.featureScores(m as robustZ.RobustZModel, X),
    };
  },
  'ml-isolation-forest': (p?: Partial<mlIforest.MlIforestOptions>): RunnableDetector => {
    const o = { ...mlIforest.defaults, ...p };
    return { fit: (train, rng) => mlIforest.fit(train, o, rng), score: (m, X) => mlIforest.score(m as mlIforest.MlIforestModel, X) };
  },
  ewma: (p?: Partial<ewma.EwmaOptions>): RunnableDetector => {
    const o = { ...ewma.defaults, ...p };
    return { fit: (train) => ewma.fit(train, o), score: (m, X) => ewma.score(m as ewma.EwmaModel, X) };
  },
  autoencoder: (p?: Partial<autoencoder.AutoencoderOptions>): RunnableDetector => {
    const o = { ...autoencoder.defaults, ...p };
    return {
      fit: async (train, rng, ctx) => {
        await ensureBackend();
        return autoencoder.fitAsync(train, o, rng, (e) => ctx.onProgress?.(e.epoch, o.epochs, 'epochs'), ctx.signal);
      },
      score: (m, X) => autoencoder.score(m as autoencoder.AutoencoderModel, X),
      explain: (m, X) => autoencoder.featureErrors(m as autoencoder.AutoencoderModel, X),
    };
  },
  'knn-prefailure': (p?: Partial<knn.KnnPrefailureOptions>): RunnableDetector => {
    const o = { ...knn.defaults, ...p };
    return {
      fit: (train, rng, ctx) => {
        if (!ctx.trainStarts || ctx.windowMs === undefined || !ctx.labels) throw new Error('the KNN predictor needs the training windows’ times and the labels');
        return knn.fit({ X: train, starts: ctx.trainStarts, windowMs: ctx.windowMs, labels: ctx.labels }, o, rng, (d, t) => ctx.onProgress?.(d, t, 'folds'));
      },
      score: (m, X) => knn.score(m as knn.KnnPrefailureModel, X),
      explain: (m, X) => knn.nearest(m as knn.KnnPrefailureModel, X),
      ownThreshold: (m) => (m as knn.KnnPrefailureModel).threshold,
    };
  },
  'conformal-knn': (p?: Partial<conformalKnn.ConformalKnnOptions>): RunnableDetector => {
    const o = { ...conformalKnn.defaults, ...p };
    return { fit: (train) => conformalKnn.fit(train, o), score: (m, X) => conformalKnn.score(m as conformalKnn.ConformalKnnModel, X) };
  },
  'spectral-residual': (p?: Partial<spectralResidual.SpectralResidualOptions>): RunnableDetector => {
    const o = { ...spectralResidual.defaults, ...p };
    return { fit: (train) => spectralResidual.fit(train, o), score: (m, X) => spectralResidual.score(m as spectralResidual.SpectralResidualModel, X) };
  },
} as const satisfies Record<DetectorName, (p?: never) => RunnableDetector>;

export { DETECTOR_NAMES, type DetectorName } from './names';

export function detectorByName(name: string, params?: ParamsInput): RunnableDetector {
  if (!(DETECTOR_NAMES as readonly string[]).includes(name)) throw new Error(`unknown detector: ${name} (known: ${DETECTOR_NAMES.join(', ')})`);
  const make = DETECTORS[name as DetectorName] as (p?: ParamsInput[DetectorName]) => RunnableDetector;
  return make(params?.[name as DetectorName]);
}
