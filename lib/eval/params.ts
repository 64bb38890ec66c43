/**
 * Detector hyperparameters as they live in the experiment spec: validated, each with its default,
 * described for the form that edits them. Kept apart from the detectors so the page can validate
 * and show them without loading tfjs; params.test.ts pins these defaults to each detector's own.
 */
import { z } from 'zod';
import type { DetectorName } from './names';
import { EWMA_CENTERS } from '../detectors/ewma';
import { NEIGHBOUR_INDEXES } from '../predict/neighbours';

/** One numeric field of the Models cell's form: bounds and integrality read from its schema. */
export interface ParamInfo {
  key: string;
  label: string;
  min: number;
  max: number;
  step: number;
  integer: boolean;
  help: string;
}

/** What the form needs beyond the schema: its words and the arrows' step. */
interface FormText {
  label: string;
  help: string;
  step: number;
}

/** Fields registered here are the ones the Models cell edits, in shape order. */
const formFields = z.registry<FormText>();

function int(min: number, max: number, d: number, form: FormText, check?: { ok: (v: number) => boolean; error: string }) {
  const base = z.int().min(min).max(max);
  return (check ? base.refine(check.ok, check.error) : base).register(formFields, form).default(d);
}
function num(min: number, max: number, d: number, form: FormText) {
  return z.number().min(min).max(max).register(formFields, form).default(d);
}
const text = (label: string, help: string, step = 1): FormText => ({ label, help, step });

export const PARAM_SCHEMAS = {
  'isolation-forest': z
    .strictObject({
      trees: int(1, 1000, 100, text('trees', 'number of isolation trees')),
      sampleSize: int(2, 4096, 256, text('ψ (sample size)', 'rows per tree; height limit ⌈log2 ψ⌉')),
    })
    .prefault({}),
  'robust-z': z.strictObject({ minScale: num(1e-6, 1, 0.001, text('min scale', 'smallest MAD relative to max(1, |median|)', 0.001)) }).prefault({}),
  'ml-isolation-forest': z.strictObject({ trees: int(1, 1000, 100, text('trees', 'number of trees (each sees all training rows)')) }).prefault({}),
  ewma: z
    .strictObject({
      lambda: num(0.001, 1, 0.2, text('λ', 'weight of the newest window', 0.01)),
      limit: num(0.5, 20, 3, text('limit (sd)', 'control limit, informative', 0.5)),
      minScale: num(1e-6, 1, 0.001, text('min scale', 'smallest sd relative to max(1, |mean|)', 0.001)),
      center: z.enum(EWMA_CENTERS).register(formFields, text('centre', 'what deviations are measured from: the training median (robust to incidents in training) or mean')).default('median'),
    })
    .prefault({}),
  autoencoder: z
    .strictObject({
      // layer widths are edited as a list (LayerField), not as a number
      hidden: z.array(z.int().min(1).max(256)).min(1).max(4).default([8, 4]),
      epochs: int(1, 500, 50, text('epochs', 'maximum passes over the training rows')),
      batchSize: int(1, 8192, 256, text('batch', 'rows per gradient step')),
      learningRate: num(1e-6, 1, 1e-3, text('learning rate', 'Adam step size', 0.0001)),
      validationFraction: num(0, 0.5, 0.1, text('validation share', 'last share of training rows held out for early stopping; 0 = none', 0.05)),
      patience: int(1, 500, 5, text('patience', 'epochs without improvement before stopping')),
    })
    .prefault({}),
  'knn-prefailure': z
    .strictObject({
      neighbours: int(1, 100, 20, text('neighbours', 'nearest examples voting on each window')),
      smooth: int(1, 120, 5, text('level (windows)', 'windows averaged into the deviation level')),
      trend: int(0, 720, 30, text('trend (windows)', 'look-back of the trend part; 0 = none')),
      persist: int(1, 120, 10, text('persist (windows)', 'windows whose votes are averaged')),
      dims: int(1, 20, 3, text('dims per incident', 'signature dimensions kept per learned run-up')),
      negatives: int(10, 20_000, 1000, text('normal examples', 'normal windows kept (seeded subsample)', 10)),
      warningsPerDay: num(0, 48, 0.5, text('false warnings/day', 'budget on the training span that sets the warning threshold', 0.1)),
      horizonCapMin: num(1, 2880, 360, text('horizon cap (min)', 'longest time a warning promises a failure within')),
      index: z
        .enum(NEIGHBOUR_INDEXES)
        .register(formFields, text('neighbour search', 'exact either way, the same neighbours: a scan of every example or ml-knn’s k-d tree; auto picks the faster for the examples’ size'))
        .default('auto'),
    })
    .prefault({}),
  'conformal-knn': z
    .strictObject({
      pattern: int(1, 64, 1, text('pattern (windows)', 'consecutive windows embedded into one pattern')),
      k: int(1, 100, 5, text('neighbours', 'nearest recent patterns averaged into the nonconformity score')),
      reference: int(10, 5000, 1200, text('reference set', 'latest patterns a new one is compared with (cost grows with it)', 10)),
      calibration: int(10, 20000, 3000, text('calibration set', 'latest scores a new one is ranked among for its p-value', 10)),
    })
    .refine((o) => o.k <= o.reference, { message: 'k must not exceed reference', path: ['k'] })
    .prefault({}),
  'spectral-residual': z
    .strictObject({
      window: int(8, 4096, 64, text('window (power of 2)', 'transform length: the newest windows plus the extrapolated points', 8), {
        ok: (w) => (w & (w - 1)) === 0,
        error: 'window must be a power of two',
      }),
      estimated: int(1, 64, 5, text('extrapolated points', 'points appended past the newest window (κ); with local, below the window')),
      gradient: int(1, 64, 5, text('slope points', 'windows whose mean slope gives the extrapolation (m)')),
      average: int(1, 31, 3, text('spectral average (odd)', 'bins in the moving average of the log spectrum (q)', 2), { ok: (q) => q % 2 === 1, error: 'average must be odd' }),
      local: int(1, 1024, 21, text('local average', 'preceding saliency values the newest is compared with (z); below window − extrapolated points')),
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

/** One option the form edits as a choice among its schema's values. */
export interface ChoiceInfo {
  key: string;
  label: string;
  help: string;
  options: string[];
}

const unwrapped = (schema: z.ZodType): z.ZodType => (schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema);

/** The form field of one option, or null when the form does not edit it as a number. */
function formField(key: string, schema: z.ZodType): ParamInfo | null {
  const inner = unwrapped(schema);
  const form = formFields.get(inner);
  if (!form || inner instanceof z.ZodEnum) return null;
  if (!(inner instanceof z.ZodNumber) || inner.minValue === null || inner.maxValue === null) {
    throw new Error(`form field ${key}: expected a bounded number schema`);
  }
  return { key, label: form.label, help: form.help, step: form.step, min: inner.minValue, max: inner.maxValue, integer: inner.isInt };
}

/** The numeric fields the Models cell edits for one detector, read off PARAM_SCHEMAS. */
export function paramFields(name: DetectorName): ParamInfo[] {
  const shape: Record<string, z.ZodType> = PARAM_SCHEMAS[name].unwrap().shape;
  return Object.entries(shape).flatMap(([key, s]) => formField(key, s) ?? []);
}

/** The options the Models cell edits as a choice for one detector, their values read off the enum schemas. */
export function paramChoices(name: DetectorName): ChoiceInfo[] {
  const shape: Record<string, z.ZodType> = PARAM_SCHEMAS[name].unwrap().shape;
  return Object.entries(shape).flatMap(([key, s]) => {
    const inner = unwrapped(s);
    const form = formFields.get(inner);
    return form && inner instanceof z.ZodEnum ? [{ key, label: form.label, help: form.help, options: inner.options.map(String) }] : [];
  });
}

/** Params as a caller may give them: any detector, any subset of its options (the rest default). */
export type ParamsInput = { [K in DetectorName]?: Partial<DetectorParams[K]> };
