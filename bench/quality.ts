// Detection quality over the simulator presets, with deployable thresholds (chosen on the training
// span only), on native DuckDB: the same lib/ code the CLI runs, with the product's defaults
// (default features for the loaded data, detector defaults, the spec's threshold rule). Defaults
// were chosen on tuning seeds 1–5; seeds 6–10 are held out and reported apart.
// `npx tsx bench/only.ts quality` re-measures this section alone.
import { openNative } from '../lib/db/native';
import { createSchema } from '../lib/db/schema';
import { labelRows, simulateInto } from '../lib/jobs/simulate';
import { planIncidents } from '../simulator/plan';
import { PRESETS, type PresetId, type Scenario } from '../simulator/scenario';
import { ENSEMBLE, evaluateFrame, evalDefaults, loadFeatures, type EvalConfig, type EvalRun, type FeatureFrame } from '../lib/eval/evaluate';
import { assessAt, chooseFor, reassessRun } from '../lib/eval/assess';
import { DETECTOR_NAMES, detectorByName } from '../lib/eval/registry';
import { defaultFeatures } from '../lib/features/catalogue';
import { applyScaler, fitScaler } from '../lib/features/scale';
import { sliceRange } from '../lib/metrics/split';
import { DEFAULT_ALARMS_PER_DAY } from '../lib/metrics/thresholds';
import { ensembleOf } from '../lib/detectors/ensemble';
import { postDefaults, postProcess, type PostKind } from '../lib/detectors/postprocess';
import { DEFAULT_DETECTORS } from '../lib/spec/schema';
import { Store, runIncidents, type SeedGroup } from './quality-store';
import { EWMA_CHAIN, EWMA_ONE_AT_A_TIME, ensembleAlternatives, previousDefaults, variantFeatures, type EwmaVariant } from './quality-variants';
import { renderQuality, ruleText, type QualityLayout } from './quality-tables';

export const TUNING_SEEDS = [1, 2, 3, 4, 5];
export const HELD_OUT_SEEDS = [6, 7, 8, 9, 10];
export const QUALITY_PRESETS: PresetId[] = ['web-shop', 'ssh-attack', 'memory-leak', 'quiet-week'];

/** The rule of the main table: the spec's default. */
export const MAIN_RULE: EvalConfig['threshold'] = { rule: 'alarm-budget', perDay: DEFAULT_ALARMS_PER_DAY };

/** Rules compared on the same trained models (thresholds re-chosen, no retraining). */
export const COMPARED_RULES: readonly EvalConfig['threshold'][] = [
  { rule: 'quantile', q: 0.99 },
  { rule: 'alarm-budget', perDay: 0.25 },
  { rule: 'alarm-budget', perDay: 0.5 },
  { rule: 'alarm-budget', perDay: 1 },
  { rule: 'alarm-budget', perDay: 2 },
];

/** Detectors of the main table: every one the registry has, then the ensemble of all anomaly detectors. */
export const MAIN_DETECTORS = [...DETECTOR_NAMES, ENSEMBLE];
/** The ensemble a new experiment runs: of the default detectors only (a row computed from the same member scores). */
export const DEFAULT_ENSEMBLE = 'ensemble of the defaults';
const isAnomaly = (name: string) => detectorByName(name).ownThreshold === undefined;
export const MEMBERS = DETECTOR_NAMES.filter(isAnomaly);
const DEFAULT_MEMBERS: string[] = MEMBERS.filter((d) => (DEFAULT_DETECTORS as readonly string[]).includes(d));
const POST_KINDS_COMPARED: PostKind[] = ['likelihood', 'likelihood+extreme'];

export interface QualityRun {
  presets: PresetId[];
  tuning: number[];
  heldOut: number[];
  /** progress lines on stderr; default true */
  progress?: boolean;
}

/** The preset as the bench runs it: web-shop and quiet-week at 1 request/s (the default experiment's rate). */
export function benchScenario(preset: PresetId, seed: number): Scenario {
  const s = structuredClone(PRESETS[preset].scenario) as Scenario;
  s.seed = seed;
  if (preset === 'web-shop' || preset === 'quiet-week') s.traffic.rps = 1;
  return s;
}

/** The columns `ids` of a frame loaded with more: each feature's values do not depend on the others loaded. */
export function subFrame(frame: FeatureFrame, ids: readonly string[]): FeatureFrame {
  const idx = ids.map((id) => {
    const j = frame.features.indexOf(id);
    if (j < 0) throw new Error(`feature ${id} was not loaded`);
    return j;
  });
  return { starts: frame.starts, features: [...ids], fitUntilMs: frame.fitUntilMs, X: frame.X.map((r) => Float64Array.from(idx, (j) => r[j])) };
}

const configOf = (seed: number, features: readonly string[], detectors: readonly string[], threshold: EvalConfig['threshold'] = MAIN_RULE): EvalConfig => ({ ...evalDefaults, seed, features, detectors, threshold });

/** Records every detector of `run` (and extra score series) under a variant. */
function record(store: Store, v: { variant: string; group: SeedGroup; preset: string }, run: EvalRun, extra: Record<string, Float64Array> = {}): void {
  const inc = runIncidents(run.detectors);
  for (const d of run.detectors) store.add(v, run.context, d, run.scores[d.name], inc.total, inc.kinds);
  for (const [name, s] of Object.entries(extra)) store.add(v, run.context, { ...assessAt(run.context, name, s, chooseFor(run.context, s)) }, s, inc.total, inc.kinds);
}

async function ewmaVariant(store: Store, v: EwmaVariant, frame: FeatureFrame, names: string[], defaults: string[], seed: number, preset: PresetId, labels: ReturnType<typeof labelRows>): Promise<void> {
  const features = v.features(names, defaults);
  const run = await evaluateFrame(subFrame(frame, features), { ...configOf(seed, features, ['ewma'], v.threshold), params: v.params }, labels);
  if (v.transform) {
    const s = v.transform(run.scores.ewma);
    run.scores.ewma = s;
    run.detectors = [{ ...assessAt(run.context, 'ewma', s, chooseFor(run.context, s)) }];
  }
  record(store, { variant: `ewma:${v.name}`, group: 'tuning', preset }, run);
}

/** One preset × seed: the main run, the rules compared, and on tuning seeds every variant. */
async function runOne(store: Store, preset: PresetId, seed: number, group: SeedGroup): Promise<void> {
  const s = benchScenario(preset, seed);
  const labels = labelRows(planIncidents(s));
  const db = await openNative();
  let frame: FeatureFrame;
  let names: string[];
  try {
    await createSchema(db);
    await simulateInto(db, s);
    names = (await db.query('SELECT DISTINCT name FROM metrics ORDER BY name')).map((r) => String(r.name));
    // what evaluate() loads, with the variants' extra columns: the same SQL, fitted up to the same split
    frame = await loadFeatures(db, evalDefaults.windowSec, variantFeatures(names, defaultFeatures(names)), { trainFraction: evalDefaults.trainFraction });
  } finally {
    await db.close();
  }
  const defaults = defaultFeatures(names);
  const main = await evaluateFrame(subFrame(frame, defaults), configOf(seed, defaults, MAIN_DETECTORS), labels);
  const defaultEnsemble = ensembleOf(DEFAULT_MEMBERS.map((m) => main.scores[m]), main.context.split.train.end, false);
  record(store, { variant: 'main', group, preset }, main, { [DEFAULT_ENSEMBLE]: defaultEnsemble });
  for (const rule of COMPARED_RULES) {
    const r = reassessRun(main, { threshold: rule, earlyMarginMin: evalDefaults.earlyMarginMin, matchPrecursor: false });
    record(store, { variant: `rule:${ruleText(rule)}`, group, preset }, r);
  }
  if (group !== 'tuning') return;

  // post-processing of the same raw scores (no retraining): each member, then their mean
  const { split } = main.context;
  const Xs = applyScaler(fitScaler(sliceRange(subFrame(frame, defaults).X, split.train), evalDefaults.scale), subFrame(frame, defaults).X);
  for (const kind of POST_KINDS_COMPARED) {
    const post: Record<string, Float64Array> = {};
    for (const m of MEMBERS) post[m] = postProcess(main.scores[m], Xs, { ...postDefaults, kind });
    post[ENSEMBLE] = ensembleOf(MEMBERS.map((m) => post[m]), split.train.end, true);
    const inc = runIncidents(main.detectors);
    for (const [name, sc] of Object.entries(post)) store.add({ variant: `post:${kind}`, group, preset }, main.context, assessAt(main.context, name, sc, chooseFor(main.context, sc)), sc, inc.total, inc.kinds);
  }
  // ensembles other than the product's, from the same member scores
  const alt = ensembleAlternatives(main, MEMBERS);
  const inc = runIncidents(main.detectors);
  for (const [name, sc] of Object.entries(alt)) store.add({ variant: 'ensemble-alternatives', group, preset }, main.context, assessAt(main.context, name, sc, chooseFor(main.context, sc)), sc, inc.total, inc.kinds);

  // every anomaly detector on the previous default features (everything else as now)
  const prev = previousDefaults(names);
  const old = await evaluateFrame(subFrame(frame, prev), configOf(seed, prev, [...MEMBERS, ENSEMBLE]), labels);
  record(store, { variant: 'features:previous', group, preset }, old);
  for (const v of [...EWMA_CHAIN, ...EWMA_ONE_AT_A_TIME]) await ewmaVariant(store, v, frame, names, defaults, seed, preset, labels);
}

export async function qualitySection(run: QualityRun = { presets: QUALITY_PRESETS, tuning: TUNING_SEEDS, heldOut: HELD_OUT_SEEDS }): Promise<string> {
  const store = new Store();
  const t0 = performance.now();
  const groups: [SeedGroup, number[]][] = [
    ['tuning', run.tuning],
    ['held-out', run.heldOut],
  ];
  for (const [group, seeds] of groups) {
    for (const seed of seeds) {
      for (const preset of run.presets) {
        const t = performance.now();
        await runOne(store, preset, seed, group);
        if (run.progress ?? true) process.stderr.write(`quality: ${group} seed ${seed} ${preset} ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
      }
    }
  }
  const layout: QualityLayout = {
    presets: run.presets,
    tuning: run.tuning,
    heldOut: run.heldOut,
    detectors: [...MAIN_DETECTORS, DEFAULT_ENSEMBLE],
    members: MEMBERS,
    defaultMembers: DEFAULT_MEMBERS,
    rules: COMPARED_RULES,
    mainRule: MAIN_RULE,
    postKinds: POST_KINDS_COMPARED,
    ewmaChain: EWMA_CHAIN.map((v) => v.name),
    ewmaOneAtATime: EWMA_ONE_AT_A_TIME.map((v) => v.name),
    minutes: (performance.now() - t0) / 60_000,
  };
  return renderQuality(store, layout);
}
