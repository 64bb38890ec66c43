/**
 * Detectors the evaluation can run by name, each behind the contract in lib/detectors/types.ts.
 * Synchronous detectors only for now; the AutoEncoder (async, tfjs) joins with its worker wiring.
 */
import * as isolationForest from '../detectors/isolation-forest';
import * as robustZ from '../detectors/robust-z';
import * as ewma from '../detectors/ewma';
import * as mlIforest from '../detectors/ml-iforest';
import type { Json, Matrix, Rng } from '../detectors/types';

export interface RunnableDetector {
  fit(train: Matrix, rng: Rng): Json;
  score(model: Json, X: Matrix): Float64Array;
}

export const DETECTORS = {
  'isolation-forest': (): RunnableDetector => ({
    fit: (train, rng) => isolationForest.fit(train, isolationForest.defaults, rng),
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
} as const;

export type DetectorName = keyof typeof DETECTORS;
export const DETECTOR_NAMES = Object.keys(DETECTORS) as DetectorName[];

export function detectorByName(name: string): RunnableDetector {
  if (!(name in DETECTORS)) throw new Error(`unknown detector: ${name} (known: ${DETECTOR_NAMES.join(', ')})`);
  return DETECTORS[name as DetectorName]();
}
