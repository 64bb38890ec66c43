/**
 * Dense autoencoder: d → hidden… → mirrored hidden… → d, tanh inside, linear output, trained with
 * Adam on mean squared reconstruction error of standardised features (mean/sd of the fitted rows).
 * A window's score is its mean squared error over features; per-feature errors explain it.
 * Training runs in tfjs (async); scoring is plain JS on the JSON weights, so a saved model scores
 * anywhere, with no backend and no tensors to dispose. The last `validationFraction` of the rows
 * (time order kept) is held out for early stopping, and the best-validation weights are kept.
 */
import type { Rng } from '../util/rng';
import { checkMatrix, positiveInt, type Detector, type Matrix } from './types';
import { ensureBackend, tf } from './tf';

export type AutoencoderOptions = {
  /** Encoder widths, mirrored for the decoder ([8, 4] → d-8-4-8-d); default [8, 4]. */
  hidden: number[];
  /** Maximum passes over the training rows; default 50. */
  epochs: number;
  /** Rows per gradient step; default 256. */
  batchSize: number;
  /** Adam step size; default 1e-3. */
  learningRate: number;
  /** Share of rows, taken from the end, held out for early stopping, in [0, 0.5]; 0 disables it; default 0.1. */
  validationFraction: number;
  /** Epochs without a lower validation loss before stopping; default 5. */
  patience: number;
};

export const defaults: AutoencoderOptions = {
  hidden: [8, 4],
  epochs: 50,
  batchSize: 256,
  learningRate: 1e-3,
  validationFraction: 0.1,
  patience: 5,
};

/** Mean squared error per epoch; valLoss is null without a validation split. */
export type EpochLoss = { epoch: number; loss: number; valLoss: number | null };

/** One dense layer; `weights` is row-major with shape [inputs, outputs]. */
export type DenseLayer = { shape: [number, number]; weights: number[]; bias: number[] };

export type AutoencoderModel = {
  kind: 'autoencoder';
  version: 1;
  features: number;
  /** Standardisation fitted on the training rows: x' = (x − mean) / scale. */
  mean: number[];
  scale: number[];
  /** Hidden layers use tanh, the last layer is linear. */
  layers: DenseLayer[];
  lossCurve: EpochLoss[];
  /** The last epoch run (1-based). */
  stoppedEpoch: number;
  /** The epoch whose weights the model holds (lowest validation loss, else the last). */
  bestEpoch: number;
};

function checkOptions(o: AutoencoderOptions): void {
  if (!Array.isArray(o.hidden) || o.hidden.length === 0) throw new Error(`invalid hidden: ${JSON.stringify(o.hidden)} (expected at least one width)`);
  o.hidden.forEach((h) => positiveInt('hidden width', h));
  positiveInt('epochs', o.epochs);
  positiveInt('batchSize', o.batchSize);
  positiveInt('patience', o.patience);
  if (!(o.learningRate > 0 && Number.isFinite(o.learningRate))) throw new Error(`invalid learningRate: ${o.learningRate}`);
  if (!(o.validationFraction >= 0 && o.validationFraction <= 0.5)) {
    throw new Error(`invalid validationFraction: ${o.validationFraction} (expected 0 to 0.5)`);
  }
}

/** Standardised float32 copy of rows [lo, hi), the layout tfjs trains on. */
function standardise(X: Matrix, lo: number, hi: number, mean: number[], scale: number[]): Float32Array {
  const d = mean.length;
  const out = new Float32Array((hi - lo) * d);
  for (let i = lo; i < hi; i++) for (let j = 0; j < d; j++) out[(i - lo) * d + j] = (X[i][j] - mean[j]) / scale[j];
  return out;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Trains on `train` (rows in time order). `onEpoch` reports each epoch's losses; aborting `signal`
 * rejects with its reason at the next epoch boundary, after freeing every tensor.
 */
export async function fitAsync(
  train: Matrix,
  options: AutoencoderOptions,
  rng: Rng,
  onEpoch?: (e: EpochLoss) => void,
  signal?: AbortSignal,
): Promise<AutoencoderModel> {
  checkOptions(options);
  const d = checkMatrix(train, 'autoencoder training data');
  if (d < 1) throw new Error('autoencoder needs at least 1 feature, got 0');
  const nVal = Math.floor(train.length * options.validationFraction);
  const nFit = train.length - nVal;
  if (nFit < 2) throw new Error(`autoencoder needs at least 2 training rows after the validation split, got ${nFit}`);
  signal?.throwIfAborted();
  await ensureBackend();

  const mean: number[] = [];
  const scale: number[] = [];
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < nFit; i++) m += train[i][j];
    m /= nFit;
    let v = 0;
    for (let i = 0; i < nFit; i++) v += (train[i][j] - m) ** 2;
    mean.push(m);
    // A feature constant in training gets a floor, so a later change in it still scores, finitely.
    scale.push(Math.max(Math.sqrt(v / nFit), 1e-3 * Math.max(1, Math.abs(m))));
  }
  const fitData = standardise(train, 0, nFit, mean, scale);
  const valData = nVal > 0 ? standardise(train, nFit, train.length, mean, scale) : null;

  const widths = [d, ...options.hidden, ...options.hidden.slice(0, -1).reverse(), d];
  const vars: { w: tf.Variable; b: tf.Variable }[] = [];
  const optimizer = tf.train.adam(options.learningRate);
  const valX = valData ? tf.tensor2d(valData, [nVal, d]) : null;
  try {
    for (let k = 0; k + 1 < widths.length; k++) {
      // tfjs seeds its initialiser from an integer: derive it from our stream so the seed decides all.
      const seed = Math.floor(rng() * 2 ** 31);
      const init = tf.initializers.glorotUniform({ seed }).apply([widths[k], widths[k + 1]]);
      const zeros = tf.zeros([widths[k + 1]]);
      // tf.variable shares the initial tensor's data but leaves the tensor itself to us.
      vars.push({ w: tf.variable(init), b: tf.variable(zeros) });
      init.dispose();
      zeros.dispose();
    }
    const forward = (x: tf.Tensor2D): tf.Tensor2D => {
      let h = x;
      vars.forEach(({ w, b }, k) => {
        const z = tf.add(tf.matMul(h, w), b) as tf.Tensor2D;
        h = k + 1 < vars.length ? tf.tanh(z) : z;
      });
      return h;
    };
    // Copies: a backend may reuse the buffer behind dataSync once the variable is reassigned.
    const snapshot = (): Float32Array[] => vars.flatMap(({ w, b }) => [Float32Array.from(w.dataSync()), Float32Array.from(b.dataSync())]);
    const mse = (x: tf.Tensor2D): tf.Scalar => tf.mean(tf.squaredDifference(forward(x), x));

    const order = Int32Array.from({ length: nFit }, (_, i) => i);
    const batch = new Float32Array(Math.min(options.batchSize, nFit) * d);
    const lossCurve: EpochLoss[] = [];
    let best: { loss: number; epoch: number; weights: Float32Array[] } | null = null;
    let stoppedEpoch = 0;
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      signal?.throwIfAborted();
      for (let i = nFit - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      let sum = 0;
      for (let lo = 0; lo < nFit; lo += options.batchSize) {
        const m = Math.min(options.batchSize, nFit - lo);
        for (let r = 0; r < m; r++) batch.set(fitData.subarray(order[lo + r] * d, (order[lo + r] + 1) * d), r * d);
        const cost = tf.tidy(() => {
          const x = tf.tensor2d(batch.subarray(0, m * d), [m, d]);
          return optimizer.minimize(() => mse(x), true) as tf.Scalar;
        });
        sum += cost.dataSync()[0] * m;
        cost.dispose();
      }
      const loss = sum / nFit;
      let valLoss: number | null = null;
      if (valX) {
        const v = tf.tidy(() => mse(valX));
        valLoss = v.dataSync()[0];
        v.dispose();
      }
      stoppedEpoch = epoch;
      const e = { epoch, loss, valLoss };
      lossCurve.push(e);
      onEpoch?.(e);
      const monitored = valLoss ?? loss;
      if (!Number.isFinite(monitored)) throw new Error(`autoencoder training diverged at epoch ${epoch}: loss ${monitored}`);
      if (best === null || monitored < best.loss) {
        best = { loss: monitored, epoch, weights: snapshot() };
      } else if (valX && epoch - best.epoch >= options.patience) {
        break;
      }
      // Lets the abort signal, progress messages and the page run between epochs.
      await yieldToEventLoop();
    }
    if (best === null) throw new Error('autoencoder ran no epochs');
    const weights = valX ? best.weights : snapshot();
    const layers: DenseLayer[] = vars.map((_, k) => ({
      shape: [widths[k], widths[k + 1]],
      weights: Array.from(weights[2 * k]),
      bias: Array.from(weights[2 * k + 1]),
    }));
    return {
      kind: 'autoencoder',
      version: 1,
      features: d,
      mean,
      scale,
      layers,
      lossCurve,
      stoppedEpoch,
      bestEpoch: valX ? best.epoch : stoppedEpoch,
    };
  } finally {
    for (const { w, b } of vars) {
      w.dispose();
      b.dispose();
    }
    optimizer.dispose();
    valX?.dispose();
  }
}

function checkModel(model: AutoencoderModel): void {
  if (model?.kind !== 'autoencoder' || model.version !== 1) {
    throw new Error(`not an autoencoder model (v1): kind ${model?.kind}, version ${model?.version}`);
  }
}

/** Squared reconstruction error per feature, in standardised units: rows × features. */
export function featureErrors(model: AutoencoderModel, X: Matrix): Float64Array[] {
  checkModel(model);
  const d = checkMatrix(X, 'autoencoder scoring data', model.features);
  const widest = Math.max(...model.layers.map((l) => l.shape[1]), d);
  let a = new Float64Array(widest);
  let b = new Float64Array(widest);
  const x = new Float64Array(d);
  const out: Float64Array[] = [];
  for (const row of X) {
    for (let j = 0; j < d; j++) x[j] = (row[j] - model.mean[j]) / model.scale[j];
    a.set(x);
    model.layers.forEach(({ shape: [nIn, nOut], weights, bias }, k) => {
      const last = k + 1 === model.layers.length;
      for (let o = 0; o < nOut; o++) {
        let z = bias[o];
        for (let i = 0; i < nIn; i++) z += a[i] * weights[i * nOut + o];
        b[o] = last ? z : Math.tanh(z);
      }
      [a, b] = [b, a];
    });
    out.push(Float64Array.from({ length: d }, (_, j) => (a[j] - x[j]) ** 2));
  }
  return out;
}

/** Mean squared reconstruction error over features, one per row: higher = more anomalous. */
export function score(model: AutoencoderModel, X: Matrix): Float64Array {
  return Float64Array.from(featureErrors(model, X), (errs) => errs.reduce((s, e) => s + e, 0) / errs.length);
}

export const detector: Detector<AutoencoderOptions, AutoencoderModel, Promise<AutoencoderModel>> = {
  defaults,
  fit: async (train, o, rng, ctx) => {
    await ensureBackend();
    return fitAsync(train, o, rng, (e) => ctx?.onProgress?.(e.epoch, o.epochs, 'epochs'), ctx?.signal);
  },
  score,
  explain: featureErrors,
};
