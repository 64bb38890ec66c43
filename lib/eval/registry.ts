/**
 * Detectors the evaluation can run by name, each behind the contract in lib/detectors/types.ts.
 * `fit` may be async (the tfjs AutoEncoder) and may use the training labels (the KNN matcher).
 */
import * as isolationForest from '../detectors/isolation-forest';
import * as robustZ from '../detectors/robust-z';
import * as ewma from '../detectors/ewma';
import * as mlIforest from '../detectors/ml-iforest';
import * as autoencoder from '../detectors/autoencoder';
import * as knn from '../detectors/knn-prefailure';
import { ensureBackend } from '../detectors/tf';
import type { Json, Matrix, Rng } from '../detectors/types';
import { DETECTOR_NAMES, type DetectorName } from './names';

export interface FitContext {
  /** indices (into the training rows) of windows where a labeled failure begins */
  failureStarts: readonly number[];
  /** training progress in the detector's own unit (trees, epochs); not every detector reports it */
  onProgress?: (done: number, total: number, unit: string) => void;
  /** aborts training at the next safe point (the AutoEncoder checks it between epochs) */
  signal?: AbortSignal;
}

export interface RunnableDetector {
  fit(train: Matrix, rng: Rng, context: FitContext): Json | Promise<Json>;
  score(model: Json, X: Matrix): Float64Array;
  /** a threshold the detector defines itself (KNN warns at a similarity), instead of the evaluation's rule */
  fixedThreshold?: number;
}

export const DETECTORS = {
  'isolation-forest': (): RunnableDetector => ({
    fit: (train, rng, ctx) => isolationForest.fit(train, isolationForest.defaults, rng, (d, t) => ctx.onProgress?.(d, t, 'trees')),
    score: (m, X) => isolationForest.score(m as ReturnType<typeof isolationForest.fit>, X),
  }),
  'robust-z': (): RunnableDetector => ({
    fit: (train) => robustZ.fit(train, robustZ.defaults),
    score: (m, X) => robustZ.score(m as robustZ.RobustZModel, X),
  }),
  'ml-isolation-forest': (): RunnableDetector => ({
    fit: (train, rng) => mlIforest.fit(train, mlIforest.defaults, rng),
    score: (m, X) => mlIforest.score(m as mlIforest.MlIforestModel, X),
  }),
  ewma: (): RunnableDetector => ({
    fit: (train) => ewma.fit(train, ewma.defaults),
    score: (m, X) => ewma.score(m as ewma.EwmaModel, X),
  }),
  autoencoder: (): RunnableDetector => ({
    fit: async (train, rng, ctx) => {
      await ensureBackend();
      const epochs = autoencoder.defaults.epochs;
      return autoencoder.fitAsync(train, autoencoder.defaults, rng, (e) => ctx.onProgress?.(e.epoch, epochs, 'epochs'), ctx.signal);
    },
    score: (m, X) => autoencoder.score(m as autoencoder.AutoencoderModel, X),
  }),
  'knn-prefailure': (): RunnableDetector => ({
    fit: (train, _rng, context) => knn.fit({ X: train, failureStarts: context.failureStarts }, knn.defaults),
    score: (m, X) => knn.score(m as knn.KnnPrefailureModel, X),
    fixedThreshold: knn.defaults.warnAt,
  }),
} as const satisfies Record<DetectorName, () => RunnableDetector>;

export { DETECTOR_NAMES, type DetectorName } from './names';

export function detectorByName(name: string): RunnableDetector {
  if (!(DETECTOR_NAMES as readonly string[]).includes(name)) throw new Error(`unknown detector: ${name} (known: ${DETECTOR_NAMES.join(', ')})`);
  return DETECTORS[name as DetectorName]();
}
