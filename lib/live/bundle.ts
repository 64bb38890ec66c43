/**
 * The model bundle: one versioned JSON document holding everything live mode needs to score new
 * windows exactly as the batch evaluation scored the training run — parse settings, window,
 * features and their fitted scaling and baselines, each detector's fitted model, hyperparameters,
 * thresholds and the rule that chose them, the ensemble's training-span reference, the KNN
 * predictor with its own warning level, the alert rules, and the detectors' state at the end of
 * the training span (so the first live window continues where training stopped). Never a log line:
 * only fitted numbers, feature names and a hash of the training data.
 */
import { z } from 'zod';
import type { Json } from '../util/json';
import { messageOf } from '../jobs/result';
import { DETECTOR_NAMES, ENSEMBLE, type DetectorName } from '../eval/names';
import type { EvalRun, FeatureFrame } from '../eval/evaluate';
import { fitScaler } from '../features/scale';
import { sliceRange } from '../metrics/split';
import { POST_KINDS, postDefaults } from '../detectors/postprocess';
import { featureRuleSchema } from '../spec/alerts';
import { parseOfSpec, trainingData, trainingDataOfSpec, type TrainingData } from './training-data';
import type { ExperimentSpec } from '../spec/schema';
import { resolveAlerts, type BundleAlerts } from './rules';
import type { AlertsSpec } from '../spec/alerts';

export const BUNDLE_FORMAT = 'harbinger-model';
/** The version this code writes and reads; a newer one is refused (its meaning may have changed). */
export const BUNDLE_VERSION = 1;

const finite = z.number().refine(Number.isFinite, { error: 'expected a finite number' });
// z.json() validates; its output type is mutable, the project's Json is readonly
const json = z.json() as unknown as z.ZodType<Json>;

const threshold = z.strictObject({
  /** the threshold live mode alarms at: the hand-set one when there is one, else the rule's */
  inForce: finite,
  /** what the rule chose on the training span, and the rule's label */
  chosen: finite,
  rule: z.string().max(500),
  /** set by hand in the Evaluate cell (the spec's models.thresholds), else null */
  handSet: finite.nullable(),
});

const detectorEntry = z.strictObject({
  name: z.enum(DETECTOR_NAMES),
  /** anomaly: thresholded, post-processed, in the ensemble; predictor: a failure probability at its own learned level */
  role: z.enum(['anomaly', 'predictor']),
  /** the run's hyperparameters for this detector (its defaults where the run left them) */
  params: json,
  model: json,
  threshold,
});

export const bundleSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  /** how the logs are read: the same settings the training data was parsed with */
  parse: z.strictObject({ format: z.string().max(40), latencyUnit: z.string().max(10), year: z.int().nullable() }),
  windowSec: z.int().min(1).max(86_400),
  features: z.array(z.string().max(140)).min(1).max(64),
  scaler: z.strictObject({ method: z.enum(['standard', 'robust']), center: z.array(finite), scale: z.array(finite) }),
  /** each feature's training median in scaled units: `top_features` for detectors without explanations */
  scaledMedian: z.array(finite),
  detectors: z.array(detectorEntry).min(1),
  post: z.strictObject({
    kind: z.enum(POST_KINDS),
    likelihood: z.strictObject({ shortWindow: z.int(), longWindow: z.int(), warmup: z.int(), minSigma: finite, compress: z.boolean(), damping: z.boolean() }),
    extreme: z.strictObject({ margin: finite, warmup: z.int() }),
  }),
  /** rank: each member ranked against its sorted training-span scores (`reference`), then averaged; mean: likelihoods averaged */
  ensemble: z
    .strictObject({ members: z.array(z.enum(DETECTOR_NAMES)).min(2), mode: z.enum(['rank', 'mean']), reference: z.array(z.array(finite)), threshold })
    .nullable(),
  alerts: z.strictObject({
    detectors: z.array(z.string()),
    detectorWindows: z.int().min(1),
    predictor: z.enum(DETECTOR_NAMES).nullable(),
    features: z.array(featureRuleSchema),
    coolDownMin: z.int().min(0),
    recoverAfter: z.int().min(1),
  }),
  /** the fitted baselines the window features need (busiest routes, route medians, metric fits): built by lib/live/feature-state.ts */
  featureState: json,
  training: z.strictObject({
    /** ISO 8601 UTC: first training window's start, and the end of the training span (exclusive) */
    from: z.iso.datetime(),
    until: z.iso.datetime(),
    windows: z.int().min(1),
    seed: z.int(),
    data: z.strictObject({ kind: z.enum(['simulator', 'files', 'sample', 'nab']), sha256: z.string().regex(/^[0-9a-f]{64}$/), what: z.string().max(2000) }),
  }),
  /** the detectors' and post-processing's state after the training span: live scoring resumes from it */
  warm: json,
  /** what was left out and why (rules on features the run did not compute…) */
  notes: z.array(z.string().max(500)),
});

export type ModelBundle = z.output<typeof bundleSchema>;
export type BundleDetector = ModelBundle['detectors'][number];
export type BundleThreshold = z.output<typeof threshold>;

export interface BundleInput {
  run: EvalRun;
  frame: FeatureFrame;
  parse: ModelBundle['parse'];
  alerts: AlertsSpec;
  /** thresholds set by hand (the spec's models.thresholds) */
  handSet?: Partial<Record<string, number>>;
  featureState: Json;
  data: TrainingData;
}

/** What a bundle is built from in the page, the CLI and the benches: a trained run of `spec` and the feature state fitted on its training span. */
export function bundleInputOf(spec: ExperimentSpec, run: EvalRun, frame: FeatureFrame, featureState: Json): BundleInput {
  return { run, frame, parse: parseOfSpec(spec), alerts: spec.alerts, handSet: spec.models.thresholds, featureState, data: trainingDataOfSpec(spec) };
}

function thresholdOf(run: EvalRun, name: string, handSet: number | undefined): BundleThreshold {
  const row = run.detectors.find((d) => d.name === name);
  if (!row || row.error !== null) throw new Error(`${name} did not run: ${row?.error ?? 'no result'}`);
  if (!Number.isFinite(row.threshold)) throw new Error(`${name}: its threshold ${row.threshold} is not a finite number`);
  return { inForce: handSet ?? row.threshold, chosen: row.threshold, rule: row.threshold_rule, handSet: handSet ?? null };
}

/**
 * The bundle of a trained run (pure). Detectors that failed to train are left out, with a note;
 * `warmUp` replays the training rows through the live scorer to fill `warm`.
 */
export function buildBundle(input: BundleInput, warmUp: (draft: ModelBundle, train: readonly Float64Array[]) => Json): ModelBundle {
  const { run, frame, handSet = {} } = input;
  const config = run.context.config;
  const { split } = run.context;
  const notes: string[] = [];
  const names = config.detectors.filter((n): n is DetectorName => n !== ENSEMBLE);
  const detectors: BundleDetector[] = [];
  for (const name of names) {
    const row = run.detectors.find((d) => d.name === name);
    if (!run.models[name] || !row || row.error !== null) {
      notes.push(`${name} is not in the bundle: it did not train (${row?.error ?? 'no model'})`);
      continue;
    }
    const own = run.fixed[name] !== undefined;
    detectors.push({ name, role: own ? 'predictor' : 'anomaly', params: (config.params?.[name] ?? {}) as Json, model: run.models[name], threshold: thresholdOf(run, name, handSet[name]) });
  }
  if (detectors.length === 0) throw new Error('no detector of this run trained: there is nothing to bundle');
  const trainEnd = split.train.end;
  const members = detectors.filter((d) => d.role === 'anomaly').map((d) => d.name);
  const mode = (config.post?.kind ?? 'none') === 'none' ? 'rank' : 'mean';
  const ensemble =
    config.detectors.includes(ENSEMBLE) && run.scores[ENSEMBLE]
      ? { members, mode, reference: mode === 'rank' ? members.map((m) => Array.from(Float64Array.from(run.scores[m].subarray(0, trainEnd)).sort())) : [], threshold: thresholdOf(run, ENSEMBLE, handSet[ENSEMBLE]) } as const
      : null;
  const train = sliceRange(frame.X, split.train);
  const scaler = fitScaler(train, config.scale);
  const scaledMedian = scaler.center.map((_, j) => {
    const col = Float64Array.from(train, (r) => (r[j] - scaler.center[j]) / scaler.scale[j]).sort();
    const n = col.length;
    return n % 2 ? col[(n - 1) / 2] : (col[n / 2 - 1] + col[n / 2]) / 2;
  });
  const alerts: BundleAlerts = resolveAlerts(input.alerts, { features: config.features, detectors: detectors.map((d) => d.name), roles: Object.fromEntries(detectors.map((d) => [d.name, d.role])), ensemble: ensemble !== null }, notes);
  const draft: ModelBundle = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    parse: input.parse,
    windowSec: config.windowSec,
    features: [...config.features],
    scaler: { method: scaler.method, center: scaler.center, scale: scaler.scale },
    scaledMedian,
    detectors,
    post: structuredClone(config.post ?? postDefaults),
    ensemble,
    alerts,
    featureState: input.featureState,
    training: {
      from: new Date(frame.starts[0]).toISOString(),
      until: new Date(split.splitTime).toISOString(),
      windows: trainEnd,
      seed: config.seed,
      data: trainingData(input.data),
    },
    warm: null,
    notes,
  };
  return { ...draft, warm: warmUp(draft, train) };
}

/** The bundle as one JSON text (what `--save-model` writes and the Report cell downloads). */
export function bundleText(bundle: ModelBundle): string {
  return JSON.stringify(bundle);
}

/**
 * Reads a bundle, refusing with the source named: damaged JSON, a foreign document, a newer
 * version, a detector the ensemble or the alert rules need but the bundle lacks.
 */
export function parseBundle(text: string, source: string): ModelBundle {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not a model bundle: the JSON is damaged (${messageOf(e)})`, { cause: e });
  }
  if (typeof doc !== 'object' || doc === null || (doc as { format?: unknown }).format !== BUNDLE_FORMAT) {
    throw new Error(`${source}: not a Harbinger model bundle (expected "format": "${BUNDLE_FORMAT}")`);
  }
  const v = (doc as { version?: unknown }).version;
  if (typeof v === 'number' && v > BUNDLE_VERSION) {
    throw new Error(`${source}: bundle version ${v} was written by a newer Harbinger; this one reads version ${BUNDLE_VERSION}`);
  }
  const parsed = bundleSchema.safeParse(doc);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`${source}: invalid model bundle at ${i.path.join('.') || '(top)'}: ${i.message}`);
  }
  const b = parsed.data;
  const have = new Set(b.detectors.map((d) => d.name as string));
  const need = [...(b.ensemble?.members ?? []), ...b.alerts.detectors.filter((d) => d !== ENSEMBLE), ...(b.alerts.predictor ? [b.alerts.predictor] : [])];
  const missing = need.filter((d) => !have.has(d));
  if (missing.length > 0) throw new Error(`${source}: the bundle uses detector${missing.length > 1 ? 's' : ''} ${[...new Set(missing)].join(', ')} but holds no model for ${missing.length > 1 ? 'them' : 'it'}`);
  if (b.alerts.detectors.includes(ENSEMBLE) && !b.ensemble) throw new Error(`${source}: the alert rules use the ensemble but the bundle has none`);
  const d = b.features.length;
  if (b.scaler.center.length !== d || b.scaler.scale.length !== d || b.scaledMedian.length !== d) throw new Error(`${source}: the scaling holds a different number of features than the ${d} listed`);
  if (b.ensemble?.mode === 'rank' && b.ensemble.reference.length !== b.ensemble.members.length) throw new Error(`${source}: the ensemble's training reference does not match its ${b.ensemble.members.length} members`);
  return b;
}
