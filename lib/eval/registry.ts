/**
 * Detectors the evaluation can run by name. Each file in lib/detectors exports a `detector` of the
 * contract in lib/detectors/types.ts; the registry pairs a name with it and with the spec's params
 * for that name, so name → params type → detector is checked by the compiler.
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
import type { Detector, FitContext, Matrix } from '../detectors/types';
import { DETECTOR_NAMES, type DetectorName } from './names';
import type { DetectorParams, ParamsInput } from './params';

/** Models leave a detector as opaque Json (they cross to the page and into reports) and come back only to it. */
const DETECTORS: { readonly [N in DetectorName]: Detector<DetectorParams[N], Json, Json | Promise<Json>> } = {
  'isolation-forest': isolationForest.detector,
  'robust-z': robustZ.detector,
  'ml-isolation-forest': mlIforest.detector,
  ewma: ewma.detector,
  autoencoder: autoencoder.detector,
  'knn-prefailure': knn.detector,
  'conformal-knn': conformalKnn.detector,
  'spectral-residual': spectralResidual.detector,
};

/** A detector with its options bound: the spec's params over the detector's defaults. */
export interface RunnableDetector extends Omit<Detector<never, Json, Json | Promise<Json>>, 'defaults' | 'fit'> {
  fit(train: Matrix, rng: Rng, context: FitContext): Json | Promise<Json>;
}

function bind<N extends DetectorName>(name: N, params: ParamsInput | undefined): RunnableDetector {
  const d = DETECTORS[name];
  const options = { ...d.defaults, ...params?.[name] };
  return { ...d, fit: (train, rng, context) => d.fit(train, options, rng, context) };
}

export { DETECTOR_NAMES, type DetectorName } from './names';

export function detectorByName(name: string, params?: ParamsInput): RunnableDetector {
  const known = DETECTOR_NAMES.find((d) => d === name);
  if (known === undefined) throw new Error(`unknown detector: ${name} (known: ${DETECTOR_NAMES.join(', ')})`);
  return bind(known, params);
}
