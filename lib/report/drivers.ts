/**
 * Per-window, per-feature contributions that explain an alarm. With an AutoEncoder in the run:
 * its squared reconstruction error per feature (`featureErrors`, computed by the model worker as
 * the run's explanation). Otherwise the robust |z| of each feature against the training span's
 * median/MAD: the robust-z detector's own explanation when it ran, else recomputed from the raw
 * feature frame.
 */
import type { EvalRun } from '../eval/evaluate';
import type { FeatureFrame } from '../eval/frame';
import { sliceRange } from '../metrics/split';
import { featureScores, fit as fitRobustZ } from '../detectors/robust-z';
import type { DriverMethod } from './alarms';

export interface Drivers {
  method: DriverMethod;
  /** contribution of each feature (in the run's feature order) for window `i` of the run */
  at(i: number): ArrayLike<number>;
}

function perFeature(x: Float64Array[] | Int32Array | undefined, windows: number, features: number): Float64Array[] | null {
  if (!Array.isArray(x) || x.length !== windows || (windows > 0 && x[0].length !== features)) return null;
  return x;
}

/** Contributions for a run; throws when the frame is not the run's (other windows or features). */
export function driversFor(run: Pick<EvalRun, 'context' | 'explain'>, frame: FeatureFrame): Drivers {
  const { config, split, starts } = run.context;
  const d = config.features.length;
  const ae = perFeature(run.explain?.autoencoder, starts.length, d);
  if (ae) return { method: 'autoencoder', at: (i) => ae[i] };
  const rz = perFeature(run.explain?.['robust-z'], starts.length, d);
  if (rz) return { method: 'robust-z', at: (i) => rz[i] };
  if (frame.features.join('\u0000') !== config.features.join('\u0000')) throw new Error('the feature frame does not hold the run’s features');
  if (frame.starts.length !== starts.length || frame.starts[0] !== starts[0]) {
    throw new Error(`the feature frame (${frame.starts.length} windows) is not the run’s (${starts.length} windows)`);
  }
  const model = fitRobustZ(sliceRange(frame.X, split.train));
  return { method: 'robust-z', at: (i) => featureScores(model, [frame.X[i]])[0] };
}
