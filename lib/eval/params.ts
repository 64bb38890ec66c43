/**
 * Detector hyperparameters as they live in the experiment spec: validated, each with its default,
 * described for the form that edits them. Kept apart from the detectors so the page can validate
 * and show them without loading tfjs; params.test.ts pins these defaults to each detector's own.
 */
import { z } from 'zod';
import type { DetectorName } from './names';
import { EWMA_CENTERS } from '../detectors/ewma';

export interface ParamInfo {
  key: string;
  label: string;
  min: number;
  max: number;
  step: number;
  integer: boolean;
  help: string;
}

const int = (min: number, max: number, d: number) => z.int().min(min).max(max).default(d);
const num = (min: number, max: number, d: number) => z.number().min(min).max(max).default(d);

export const PARAM_SCHEMAS = {
  'isolation-forest': z.strictObject({ trees: int(1, 1000, 100), sampleSize: int(2, 4096, 256) }).prefault({}),
  'robust-z': z.strictObject({ minScale: num(1e-6, 1, 0.001) }).prefault({}),
  'ml-isolation-forest': z.strictObject({ trees: int(1, 1000, 100) }).prefault({}),
  ewma: z.strictObject({ lambda: num(0.001, 1, 0.2), limit: num(0.5, 20, 3), minScale: num(1e-6, 1, 0.001), center: z.enum(EWMA_CENTERS).default('median') }).prefault({}),
  autoencoder: z
    .strictObject({
      hidden: z.array(z.int().min(1).max(256)).min(1).max(4).default([8, 4]),
      epochs: int(1, 500, 50),
      batchSize: int(1, 8192, 256),
      learningRate: num(1e-6, 1, 1e-3),
      validationFraction: num(0, 0.5, 0.1),
      patience: int(1, 500, 5),
    })
    .prefault({}),
  'knn-prefailure': z
    .strictObject({
      neighbours: int(1, 100, 20),
      smooth: int(1, 120, 5),
      trend: int(0, 720, 30),
      persist: int(1, 120, 10),
      dims: int(1, 20, 3),
      negatives: int(10, 20_000, 1000),
      warningsPerDay: num(0, 48, 0.5),
      horizonCapMin: num(1, 2880, 360),
    })
    .prefault({}),
  'conformal-knn': z
    .strictObject({ pattern: int(1, 64, 1), k: int(1, 100, 5), reference: int(10, 5000, 1200), calibration: int(10, 20000, 3000) })
    .refine((o) => o.k <= o.reference, { message: 'k must not exceed reference', path: ['k'] })
    .prefault({}),
  'spectral-residual': z
    .strictObject({
      window: int(8, 4096, 64).refine((w) => (w & (w - 1)) === 0, 'window must be a power of two'),
      estimated: int(1, 64, 5),
      gradient: int(1, 64, 5),
      average: int(1, 31, 3).refine((q) => q % 2 === 1, 'average must be odd'),
      local: int(1, 1024, 21),
    })
    .refine((o) => o.local < o.window - o.estimated, { message: 'local must be below window − estimated', path: ['local'] })
    .refine((o) => o.gradient <= o.window - o.estimated - 2, { message: 'gradient must be at most window − estimated − 2', path: ['gradient'] })
    .prefault({}),
} as const satisfies Record<DetectorName, z.ZodType>;

export const paramsSchema = z.strictObject(PARAM_SCHEMAS).prefault({});
export type DetectorParams = z.infer<typeof paramsSchema>;

/** Every detector's defaults. */
export function defaultParams(): DetectorParams {
  return paramsSchema.parse({});
}

/** The numeric fields the Models cell edits, per detector (autoencoder layer widths are edited as a list). */
export const PARAM_FIELDS: Record<DetectorName, ParamInfo[]> = {
  'isolation-forest': [
    { key: 'trees', label: 'trees', min: 1, max: 1000, step: 1, integer: true, help: 'number of isolation trees' },
    { key: 'sampleSize', label: 'ψ (sample size)', min: 2, max: 4096, step: 1, integer: true, help: 'rows per tree; height limit ⌈log2 ψ⌉' },
  ],
  'robust-z': [{ key: 'minScale', label: 'min scale', min: 1e-6, max: 1, step: 0.001, integer: false, help: 'smallest MAD relative to max(1, |median|)' }],
  'ml-isolation-forest': [{ key: 'trees', label: 'trees', min: 1, max: 1000, step: 1, integer: true, help: 'number of trees (each sees all training rows)' }],
  ewma: [
    { key: 'lambda', label: 'λ', min: 0.001, max: 1, step: 0.01, integer: false, help: 'weight of the newest window' },
    { key: 'limit', label: 'limit (sd)', min: 0.5, max: 20, step: 0.5, integer: false, help: 'control limit, informative' },
    { key: 'minScale', label: 'min scale', min: 1e-6, max: 1, step: 0.001, integer: false, help: 'smallest sd relative to max(1, |mean|)' },
  ],
  autoencoder: [
    { key: 'epochs', label: 'epochs', min: 1, max: 500, step: 1, integer: true, help: 'maximum passes over the training rows' },
    { key: 'batchSize', label: 'batch', min: 1, max: 8192, step: 1, integer: true, help: 'rows per gradient step' },
    { key: 'learningRate', label: 'learning rate', min: 1e-6, max: 1, step: 0.0001, integer: false, help: 'Adam step size' },
    { key: 'validationFraction', label: 'validation share', min: 0, max: 0.5, step: 0.05, integer: false, help: 'last share of training rows held out for early stopping; 0 = none' },
    { key: 'patience', label: 'patience', min: 1, max: 500, step: 1, integer: true, help: 'epochs without improvement before stopping' },
  ],
  'knn-prefailure': [
    { key: 'neighbours', label: 'neighbours', min: 1, max: 100, step: 1, integer: true, help: 'nearest examples voting on each window' },
    { key: 'smooth', label: 'level (windows)', min: 1, max: 120, step: 1, integer: true, help: 'windows averaged into the deviation level' },
    { key: 'trend', label: 'trend (windows)', min: 0, max: 720, step: 1, integer: true, help: 'look-back of the trend part; 0 = none' },
    { key: 'persist', label: 'persist (windows)', min: 1, max: 120, step: 1, integer: true, help: 'windows whose votes are averaged' },
    { key: 'dims', label: 'dims per incident', min: 1, max: 20, step: 1, integer: true, help: 'signature dimensions kept per learned run-up' },
    { key: 'negatives', label: 'normal examples', min: 10, max: 20_000, step: 10, integer: true, help: 'normal windows kept (seeded subsample)' },
    { key: 'warningsPerDay', label: 'false warnings/day', min: 0, max: 48, step: 0.1, integer: false, help: 'budget on the training span that sets the warning threshold' },
    { key: 'horizonCapMin', label: 'horizon cap (min)', min: 1, max: 2880, step: 1, integer: false, help: 'longest time a warning promises a failure within' },
  ],
  'conformal-knn': [
    { key: 'pattern', label: 'pattern (windows)', min: 1, max: 64, step: 1, integer: true, help: 'consecutive windows embedded into one pattern' },
    { key: 'k', label: 'neighbours', min: 1, max: 100, step: 1, integer: true, help: 'nearest recent patterns averaged into the nonconformity score' },
    { key: 'reference', label: 'reference set', min: 10, max: 5000, step: 10, integer: true, help: 'latest patterns a new one is compared with (cost grows with it)' },
    { key: 'calibration', label: 'calibration set', min: 10, max: 20000, step: 10, integer: true, help: 'latest scores a new one is ranked among for its p-value' },
  ],
  'spectral-residual': [
    { key: 'window', label: 'window (power of 2)', min: 8, max: 4096, step: 8, integer: true, help: 'transform length: the newest windows plus the extrapolated points' },
    { key: 'estimated', label: 'extrapolated points', min: 1, max: 32, step: 1, integer: true, help: 'points appended past the newest window (κ); with local, below the window' },
    { key: 'gradient', label: 'slope points', min: 1, max: 32, step: 1, integer: true, help: 'windows whose mean slope gives the extrapolation (m)' },
    { key: 'average', label: 'spectral average (odd)', min: 1, max: 31, step: 2, integer: true, help: 'bins in the moving average of the log spectrum (q)' },
    { key: 'local', label: 'local average', min: 1, max: 58, step: 1, integer: true, help: 'preceding saliency values the newest is compared with (z); below window − extrapolated points' },
  ],
};

/** Params as a caller may give them: any detector, any subset of its options (the rest default). */
export type ParamsInput = { [K in DetectorName]?: Partial<DetectorParams[K]> };
