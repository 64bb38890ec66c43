/**
 * The experiment spec: the single source of truth of the workbench. The UI derives from it and the
 * URL hash is it (see ./url.ts), so it holds choices only — never log content, never credentials.
 *
 * Versioning rules, because old links must keep meaning what they meant:
 * - `v` is bumped for any change that is not purely additive (a renamed, removed or narrowed
 *   field, or a changed default), and ./migrate.ts gets a step from the previous version.
 * - Links omit fields equal to their default (./compact.ts), so a default is part of the format:
 *   changing one needs a new version whose migration writes the old default explicitly.
 */
import { PRESETS, type PresetId } from '../../simulator/scenario';
import { scenarioSchema } from '../../simulator/validate';
import { z } from 'zod';
import { LOG_FORMATS } from '../ingest/types';
import { ENSEMBLE, RUNNABLE_NAMES } from '../eval/names';
import { paramsSchema } from '../eval/params';
import { POST_KINDS } from '../detectors/postprocess';
import { DEFAULT_ALARMS_PER_DAY } from '../metrics/thresholds';
import { LABEL_KIND, MAX_LABEL_SPANS } from '../labels/file';
import { LABEL_PHASES } from '../labels/types';
import { MAX_NAB_WINDOWS, NAB_SAMPLE_IDS } from '../eval/nab-samples';
import { MAX_REVIEWS, VERDICTS } from '../labels/review';
import { alertsSchema, featureIdSchema } from './alerts';

/** The version this code writes and reads natively. */
export const SPEC_VERSION = 2;

/** Small logs the project ships in public/samples/. */
export const PRESET_IDS = ['web-shop', 'ssh-attack', 'memory-leak', 'quiet-week'] as const satisfies readonly PresetId[];

export const SAMPLE_IDS = ['access', 'auth', 'metrics'] as const;
export type SampleId = (typeof SAMPLE_IDS)[number];

export const PARSE_FORMATS = ['auto', ...LOG_FORMATS] as const;
export const LATENCY_UNITS = ['auto', 's', 'ms', 'us'] as const;

/** Aggregation windows the explore and feature steps accept, in seconds. */
const MIN_WINDOW_SECONDS = 10;
const MAX_WINDOW_SECONDS = 3600;

const WINDOW_RE = /^(\d+)(s|m|h)$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;

/** Seconds in a window such as '10s', '5m' or '1h'; throws `invalid window: ${w}` otherwise. */
export function parseWindow(w: string): number {
  const m = WINDOW_RE.exec(w);
  if (m === null) throw new Error(`invalid window: ${w}`);
  const seconds = Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS];
  if (!(seconds >= MIN_WINDOW_SECONDS && seconds <= MAX_WINDOW_SECONDS)) {
    throw new Error(`invalid window: ${w}`);
  }
  return seconds;
}

function isWindow(w: string): boolean {
  try {
    parseWindow(w);
    return true;
  } catch {
    return false;
  }
}

/** Largest epoch ms a JS Date can hold; keeps every range convertible with `new Date(ms)`. */
const MAX_EPOCH_MS = 8.64e15;
const epochMs = z.int().min(-MAX_EPOCH_MS).max(MAX_EPOCH_MS);

const sampleSource = z.strictObject({
  kind: z.literal('sample'),
  id: z.enum(SAMPLE_IDS),
});

/** What we remember of a file the user dropped: enough to recognise it again, not its content. */
const uploadedFile = z.strictObject({
  name: z.string().min(1).max(255),
  /** bytes */
  size: z.int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'expected 64 lowercase hex characters' }),
});

/** One labeled phase of the user's own incidents (epoch ms UTC, [start, end)): small, so the link carries it. */
const labelSpan = z
  .strictObject({
    start: epochMs,
    end: epochMs,
    kind: z.string().regex(LABEL_KIND, { error: 'expected 1–40 letters, digits or . _ : -' }),
    phase: z.enum(LABEL_PHASES),
  })
  .refine((l) => l.end > l.start, { error: 'a label must end after it starts' });

/** The user's verdict on one alarm (lib/labels/review.ts): a confirmation also added a label; a dismissal changes no metric. */
const alarmReview = z
  .strictObject({
    start: epochMs,
    end: epochMs,
    detector: z.enum(RUNNABLE_NAMES),
    verdict: z.enum(VERDICTS),
  })
  .refine((r) => r.end > r.start, { error: 'an alarm must end after it starts' });

const uploadSource = z.strictObject({
  kind: z.literal('upload'),
  files: z.array(uploadedFile).min(1).max(20),
  /** the user's incidents for these logs (a labels file given in the Source cell); absent = none */
  labels: z.array(labelSpan).max(MAX_LABEL_SPANS).optional(),
  /** alarms the user confirmed or dismissed in the Evaluate cell; absent = none */
  reviews: z.array(alarmReview).max(MAX_REVIEWS).optional(),
  parse: z
    .strictObject({
      /** default 'auto' (detect from the first lines) */
      format: z.enum(PARSE_FORMATS).default('auto'),
      /** year for formats whose timestamps have none (syslog/auth); absent = infer */
      year: z.int().min(1970).max(2100).optional(),
      /** unit of the latency field; default 'auto' */
      latencyUnit: z.enum(LATENCY_UNITS).default('auto'),
    })
    .prefault({}),
});

/** One NAB anomaly window (epoch ms UTC, both ends inclusive, as NAB's scorer reads them). */
const nabWindow = z
  .strictObject({ start: epochMs, end: epochMs })
  .refine((w) => w.end >= w.start, { error: 'a window must not end before it starts' });

/**
 * A NAB-style metric series (`timestamp,value`) with its anomaly windows, scored as `harbinger nab`
 * scores it. The windows travel in the link (they are few), so an uploaded file's link needs only
 * the file back; a sample's link does not depend on the shipped windows file either.
 */
const nabSource = z.strictObject({
  kind: z.literal('nab'),
  series: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('sample'), id: z.enum(NAB_SAMPLE_IDS) }),
    z.strictObject({ kind: z.literal('upload'), file: uploadedFile }),
  ]),
  /** NAB's name of the file, `<category>/<file>.csv`: the scorer's key and the detectors' random streams */
  key: z.string().min(1).max(255),
  windows: z
    .array(nabWindow)
    .max(MAX_NAB_WINDOWS)
    .refine((ws) => ws.every((w, k) => k === 0 || w.start > ws[k - 1]!.end), { error: 'windows must be in order and not overlap' }),
});

/**
 * A window table made elsewhere (`harbinger features --out`, a ClickHouse or Spark job): the
 * feature frame itself, no log lines. Like an upload, the link names the file (the page asks for
 * the same bytes back); the labels travel in the link.
 */
const windowsSource = z.strictObject({
  kind: z.literal('windows'),
  file: uploadedFile,
  /** the user's incidents (a labels file given with the table); absent = none */
  labels: z.array(labelSpan).max(MAX_LABEL_SPANS).optional(),
});

const simulatorSource = z.strictObject({
  kind: z.literal('simulator'),
  /** preset the scenario started from (a label; the scenario below is what counts) */
  preset: z.enum(PRESET_IDS),
  /** The whole scenario travels in the link, so a link keeps reproducing even if a preset changes later. */
  scenario: scenarioSchema,
});

/** The default experiment: the web-shop preset at 1 request/s (≈ 0.65 M requests over 7 days), so it opens in seconds. */
function defaultSource(): z.output<typeof simulatorSource> {
  const s = structuredClone(PRESETS['web-shop'].scenario);
  s.traffic.rps = 1;
  return { kind: 'simulator', preset: 'web-shop', scenario: s };
}

const source = z.discriminatedUnion('kind', [simulatorSource, sampleSource, uploadSource, nabSource, windowsSource]).default(defaultSource);

const timeRange = z
  .strictObject({
    /** integer epoch ms, UTC, inclusive */
    from: epochMs,
    /** integer epoch ms, UTC, exclusive */
    to: epochMs,
  })
  .refine((r) => r.from < r.to, { error: 'must be after from', path: ['to'] });

const explore = z
  .strictObject({
    /** brushed time range; null = everything */
    range: timeRange.nullable().default(null),
    bruteForce: z
      .strictObject({
        /** failed logins from one IP within the window that count as brute force; default 5 */
        threshold: z.int().min(2).max(10_000).default(5),
        /** minutes; default 10 */
        windowMinutes: z.int().min(1).max(1440).default(10),
      })
      .prefault({}),
    /** rows in top-N tables; default 10 */
    topN: z.int().min(5).max(100).default(10),
  })
  .prefault({});

/** Detectors a new experiment runs: all but ml-isolation-forest (a slow second IF, for comparison when picked). */
export const DEFAULT_DETECTORS = ['isolation-forest', 'robust-z', 'ewma', 'autoencoder', 'knn-prefailure', ENSEMBLE] as const;

const runnable = z.enum(RUNNABLE_NAMES);

/** Features, detectors, split and thresholds: everything the Models and Evaluate cells compute from. */
const models = z
  .strictObject({
    /** feature ids (see lib/features/catalogue); null = the defaults for the loaded data */
    features: z
      .array(featureIdSchema)
      .min(1)
      .max(64)
      .refine((f) => new Set(f).size === f.length, { error: 'a feature is listed twice' })
      .nullable()
      .default(null),
    detectors: z
      .array(runnable)
      .min(1)
      .refine((d) => new Set(d).size === d.length, { error: 'a detector is listed twice' })
      .default([...DEFAULT_DETECTORS]),
    /** share of the time span used for training (the rest is the test span); default 0.5 */
    trainFraction: z.number().min(0.1).max(0.9).default(0.5),
    /** integer epoch ms where the test span begins, instead of trainFraction; null = use trainFraction */
    splitAt: epochMs.nullable().default(null),
    /** what happens to every anomaly detector's raw scores before a threshold sees them (causal; lib/detectors/postprocess.ts) */
    post: z
      .strictObject({
        /** default 'none' */
        kind: z.enum(POST_KINDS).default('none'),
        /** raw scores in the likelihood's short-term average; default 10 */
        shortWindow: z.int().min(1).max(1000).default(10),
        /** raw scores in the likelihood's rolling Gaussian; default 1000 */
        longWindow: z.int().min(10).max(100_000).default(1000),
        /** windows seen before the likelihood is output; default 100 */
        warmup: z.int().min(1).max(100_000).default(100),
        /** the new-extreme rule's margin, as a share of the running range; default 0.1 */
        margin: z.number().min(0).max(10).default(0.1),
      })
      .refine((p) => p.shortWindow <= p.longWindow, { error: 'shortWindow must not exceed longWindow', path: ['shortWindow'] })
      .prefault({}),
    /** how the deployable threshold is chosen, on the training span only; default at most 0.5 alarm a day there (BENCHMARKS.md compares the rules) */
    threshold: z
      .discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('quantile'), q: z.number().min(0.5).max(0.99999) }),
        z.strictObject({ kind: z.literal('train-best-f1') }),
        /** at most perDay alarm events a day on the training span (labeled incidents not counted) */
        z.strictObject({ kind: z.literal('alarm-budget'), perDay: z.number().min(0.1).max(100) }),
      ])
      .default({ kind: 'alarm-budget', perDay: DEFAULT_ALARMS_PER_DAY }),
    /** minutes before a failure in which an alarm still counts as detecting it; default 10 */
    earlyMarginMin: z.int().min(0).max(1440).default(10),
    /** also count alarms from a precursor's start on; default false */
    matchPrecursor: z.boolean().default(false),
    /** hyperparameters per detector, each with its default (lib/eval/params.ts) */
    params: paramsSchema,
    /** thresholds moved by hand in the Evaluate cell, by detector (metrics follow without retraining) */
    thresholds: z.partialRecord(runnable, z.number().refine(Number.isFinite, { error: 'expected a finite number' })).default({}),
  })
  .prefault({});

/** A quick chart over an SQL cell's result: column names for x, y and colour. */
const sqlChart = z.strictObject({
  mark: z.enum(['none', 'line', 'bar', 'dot']).default('none'),
  x: z.string().max(128).nullable().default(null),
  y: z.string().max(128).nullable().default(null),
  color: z.string().max(128).nullable().default(null),
});

/** One SQL cell: the query text (DuckDB SQL over every table) and its chart. */
const sqlCell = z.strictObject({
  /** stable id within the spec, so cells keep their identity when others are removed */
  id: z.string().regex(/^[a-z0-9]{1,12}$/),
  query: z.string().max(20_000),
  chart: sqlChart.prefault({}),
});

export const specSchema = z.strictObject({
  v: z.literal(SPEC_VERSION),
  /** default 'Untitled experiment' */
  name: z.string().max(120).default('Untitled experiment'),
  source,
  explore,
  /** aggregation window, '10s' … '1h'; default '1m' */
  window: z
    .string()
    .max(16)
    .refine(isWindow, { error: 'expected a window from 10s to 1h, e.g. 30s, 5m or 1h' })
    .default('1m'),
  /** seeds the detectors' random choices (initialisation, subsampling), one stream per detector; the simulated data has its own seed, source.scenario.seed; uint32; default 42 */
  seed: z.int().min(0).max(0xffff_ffff).default(42),
  models,
  /** alert rules for live mode (./alerts.ts): detector thresholds, feature rules, cool-down */
  alerts: alertsSchema,
  /** SQL cells, top to bottom; default none */
  sql: z
    .array(sqlCell)
    .max(20)
    .refine((c) => new Set(c.map((x) => x.id)).size === c.length, { error: 'two SQL cells share an id' })
    .default([]),
});

export type ExperimentSpec = z.infer<typeof specSchema>;
export type SpecSource = ExperimentSpec['source'];
export type UploadedFile = z.infer<typeof uploadedFile>;
export type NabSpecSource = z.infer<typeof nabSource>;
export type WindowsSpecSource = z.infer<typeof windowsSource>;
export type SqlCellSpec = z.infer<typeof sqlCell>;
