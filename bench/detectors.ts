// Detector speed: fit and score time of every registered detector on 10k × 16 seeded windows, beside
// scikit-learn's IsolationForest in the same run, and AutoEncoder training (exactly 50 epochs) on the
// tfjs cpu and wasm backends. `npx tsx bench/detectors.ts [--json]` prints both sections;
// `--ae cpu|wasm` is the child-process entry that times one backend (tfjs backends are global, so
// each backend gets a fresh process).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as isolationForest from '../lib/detectors/isolation-forest';
import * as mlIforest from '../lib/detectors/ml-iforest';
import * as robustZ from '../lib/detectors/robust-z';
import * as ewma from '../lib/detectors/ewma';
import * as autoencoder from '../lib/detectors/autoencoder';
import * as knn from '../lib/detectors/knn-prefailure';
import * as conformalKnn from '../lib/detectors/conformal-knn';
import * as spectralResidual from '../lib/detectors/spectral-residual';
import { detectorRng } from '../lib/detectors/rng';
import { selectBackend, tf, type BackendName } from '../lib/detectors/tf';
import type { Matrix } from '../lib/detectors/types';
import type { LabelRow } from '../lib/labels/types';
import { DETECTOR_NAMES, detectorByName, type DetectorName } from '../lib/eval/registry';
import { syntheticData } from './iforest-compare';

const root = path.resolve(import.meta.dirname, '..');
const thisFile = fileURLToPath(import.meta.url);
const ROWS = 10_000;
const FEATURES = 16;
const DATA_SEED = 1;
const AE_EPOCHS = 50;
const AE_RUNS = 2;
const WASM_DIR = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/');
/** KNN needs labeled failure starts: five, evenly spaced, each with a full pattern before it. */
const FAILURE_STARTS = [1_000, 3_000, 5_000, 7_000, 9_000];
/** The KNN predictor learns from labeled run-ups: 1-min windows, a 30-min precursor and a 10-min failure at each start (planted by `withRunUps`). */
const KNN_STARTS = Array.from({ length: ROWS }, (_, i) => i * 60_000);
const KNN_LABELS: LabelRow[] = FAILURE_STARTS.flatMap((s, k) => [
  { incidentId: `inc-${k + 1}`, kind: 'bench', phase: 'precursor' as const, start: (s - 30) * 60_000, end: s * 60_000, target: null },
  { incidentId: `inc-${k + 1}`, kind: 'bench', phase: 'failure' as const, start: s * 60_000, end: (s + 10) * 60_000, target: null },
]);

/** A copy of X with a visible run-up before each failure start: one feature climbing to 8 over the 30 windows (a run-up the data does not show is not learned from). */
function withRunUps(X: Matrix): number[][] {
  const out = X.map((r) => Array.from(r));
  FAILURE_STARTS.forEach((s, k) => {
    for (let j = 1; j <= 30; j++) out[s - 31 + j][k % out[0].length] += (8 * j) / 30;
  });
  return out;
}

/** Fits once and scores all rows once; returns both times in ms. */
type Timer = (X: Matrix, seed: number) => Promise<{ fitMs: number; scoreMs: number; note?: string }>;

function timeSync<M>(fit: () => M, score: (m: M) => Float64Array): { fitMs: number; scoreMs: number } {
  const t0 = performance.now();
  const m = fit();
  const t1 = performance.now();
  score(m);
  return { fitMs: t1 - t0, scoreMs: performance.now() - t1 };
}

/** Each detector module called directly with its defaults, as the registry wires it. */
const TIMERS: { [K in DetectorName]?: Timer } = {
  'isolation-forest': async (X, seed) =>
    timeSync(() => isolationForest.fit(X, isolationForest.defaults, detectorRng(seed, 'isolation-forest')), (m) => isolationForest.score(m, X)),
  'ml-isolation-forest': async (X, seed) =>
    timeSync(() => mlIforest.fit(X, mlIforest.defaults, detectorRng(seed, 'ml-isolation-forest')), (m) => mlIforest.score(m, X)),
  'robust-z': async (X) => timeSync(() => robustZ.fit(X, robustZ.defaults), (m) => robustZ.score(m, X)),
  ewma: async (X) => timeSync(() => ewma.fit(X, ewma.defaults), (m) => ewma.score(m, X)),
  autoencoder: async (X, seed) => {
    const t0 = performance.now();
    const m = await autoencoder.fitAsync(X, autoencoder.defaults, detectorRng(seed, 'autoencoder'));
    const t1 = performance.now();
    autoencoder.score(m, X);
    return { fitMs: t1 - t0, scoreMs: performance.now() - t1, note: `stopped after epoch ${m.stoppedEpoch}` };
  },
  'knn-prefailure': async (X, seed) => {
    const R = withRunUps(X);
    return timeSync(() => knn.fit({ X: R, starts: KNN_STARTS, windowMs: 60_000, labels: KNN_LABELS }, knn.defaults, detectorRng(seed, 'knn-prefailure')), (m) => knn.score(m, R));
  },
  'conformal-knn': async (X) => timeSync(() => conformalKnn.fit(X, conformalKnn.defaults), (m) => conformalKnn.score(m, X)),
  'spectral-residual': async (X) => timeSync(() => spectralResidual.fit(X, spectralResidual.defaults), (m) => spectralResidual.score(m, X)),
};

/** A detector added to the registry but not to TIMERS above is still timed, through the registry. */
function registryTimer(name: DetectorName): Timer {
  return async (X, seed) => {
    const det = detectorByName(name);
    const t0 = performance.now();
    const R = withRunUps(X);
    const m = await det.fit(R, detectorRng(seed, name), { failureStarts: FAILURE_STARTS, trainStarts: KNN_STARTS, windowMs: 60_000, labels: KNN_LABELS });
    const t1 = performance.now();
    det.score(m, R);
    return { fitMs: t1 - t0, scoreMs: performance.now() - t1 };
  };
}

export interface DetectorTiming {
  name: string;
  runs: number;
  /** best fit and best score over the runs (taken separately, like the scikit-learn script) */
  fitMs: number;
  scoreMs: number;
  firstFitMs: number;
  /** what the detector's last run said about itself (the AutoEncoder: epochs run) */
  note: string | null;
  viaRegistry: boolean;
  error: string | null;
}

async function timeDetectors(X: Matrix): Promise<DetectorTiming[]> {
  const out: DetectorTiming[] = [];
  for (const name of DETECTOR_NAMES) {
    const timer = TIMERS[name] ?? registryTimer(name);
    const runs = name === 'autoencoder' ? 2 : 3;
    const fits: number[] = [];
    const scores: number[] = [];
    let note: string | null = null;
    try {
      for (let i = 0; i < runs; i++) {
        const t = await timer(X, 0);
        fits.push(t.fitMs);
        scores.push(t.scoreMs);
        note = t.note ?? null;
      }
      out.push({ name, runs, fitMs: Math.min(...fits), scoreMs: Math.min(...scores), firstFitMs: fits[0], note, viaRegistry: !TIMERS[name], error: null });
    } catch (e) {
      out.push({ name, runs, fitMs: NaN, scoreMs: NaN, firstFitMs: NaN, note: null, viaRegistry: !TIMERS[name], error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}

function findPython(): string {
  for (const p of [process.env.PYTHON, 'python3', '/usr/bin/python3']) {
    if (p && spawnSync(p, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0) return p;
  }
  throw new Error('no python3 with scikit-learn found (apt-get install python3-sklearn, or set PYTHON)');
}

export interface SklearnTiming { version: string; fitMs: number; scoreMs: number }

/** scikit-learn IsolationForest (100 trees, ψ = 256) on the same rows, best of 3, via bench/iforest-sklearn.py. */
function timeSklearn(X: readonly Float64Array[]): SklearnTiming {
  const python = findPython();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'detectors-'));
  try {
    const csv = path.join(dir, 'x.csv');
    writeFileSync(csv, X.map((r) => Array.from(r, (v) => v.toPrecision(17)).join(',')).join('\n') + '\n');
    const r = spawnSync(python, [path.join(root, 'bench/iforest-sklearn.py'), csv, path.join(dir, 'scores.csv'), '--seed', '0', '--repeat', '3'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`iforest-sklearn.py failed: ${r.stderr}`);
    const j = JSON.parse(r.stdout) as { sklearn: string; fit_ms: number; score_ms: number };
    return { version: j.sklearn, fitMs: j.fit_ms, scoreMs: j.score_ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface AeRun {
  requested: BackendName;
  /** what tfjs reports after selection: selectBackend falls back to cpu when wasm cannot start */
  backend: string;
  /** wasm only: whether tfjs picked its SIMD build */
  simd: boolean | null;
  epochs: number;
  ms: number;
  msPerEpoch: number;
  runs: number;
}

/** Child-process body: select one backend, train exactly AE_EPOCHS epochs (no validation split, so no early stop). */
async function aeChild(requested: BackendName, runs: number): Promise<AeRun> {
  const { X } = syntheticData(ROWS, FEATURES, DATA_SEED);
  const backend = await selectBackend(requested, requested === 'wasm' ? WASM_DIR : undefined);
  if (tf.getBackend() !== backend) throw new Error(`selectBackend said ${backend}, tfjs says ${tf.getBackend()}`);
  const simd = backend === 'wasm' ? Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : null;
  const options = { ...autoencoder.defaults, epochs: AE_EPOCHS, validationFraction: 0 };
  const times: number[] = [];
  let epochs = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const m = await autoencoder.fitAsync(X, options, detectorRng(0, 'autoencoder'));
    times.push(performance.now() - t0);
    epochs = m.stoppedEpoch;
  }
  if (epochs !== AE_EPOCHS) throw new Error(`autoencoder ran ${epochs} epochs, expected ${AE_EPOCHS}`);
  const ms = Math.min(...times);
  return { requested, backend: tf.getBackend(), simd, epochs, ms, msPerEpoch: ms / epochs, runs };
}

function aeInChild(backend: BackendName): AeRun {
  const r = spawnSync(process.execPath, ['--import', 'tsx', thisFile, '--ae', backend, '--runs', String(AE_RUNS)], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`AutoEncoder ${backend} child failed: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as AeRun;
}

export interface DetectorBench {
  rows: number;
  features: number;
  detectors: DetectorTiming[];
  sklearn: SklearnTiming | null;
  sklearnError: string | null;
  ae: (AeRun | { requested: BackendName; error: string })[];
}

export async function measureDetectors(): Promise<DetectorBench> {
  const { X } = syntheticData(ROWS, FEATURES, DATA_SEED);
  let sklearn: SklearnTiming | null = null;
  let sklearnError: string | null = null;
  try {
    sklearn = timeSklearn(X);
  } catch (e) {
    sklearnError = e instanceof Error ? e.message : String(e);
  }
  const detectors = await timeDetectors(X);
  const ae = (['cpu', 'wasm'] as const).map((b) => {
    try {
      return aeInChild(b);
    } catch (e) {
      return { requested: b, error: e instanceof Error ? e.message : String(e) };
    }
  });
  return { rows: ROWS, features: FEATURES, detectors, sklearn, sklearnError, ae };
}

export function renderDetectors(b: DetectorBench): string {
  const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '–');
  const n = (v: number) => v.toLocaleString('en-US');
  const skTotal = b.sklearn ? b.sklearn.fitMs + b.sklearn.scoreMs : NaN;
  const detRows = b.detectors.map((d) => {
    const note = [d.error ? `failed: ${d.error}` : '', d.viaRegistry ? 'timed through the registry' : '', d.name === 'autoencoder' ? `defaults (early stopping on), tfjs cpu; first fit ${f(d.firstFitMs, 0)} ms` : '', d.note ?? '']
      .filter(Boolean)
      .join('; ');
    return `| ${d.name} | ${f(d.fitMs)} | ${f(d.scoreMs)} | ${f(d.fitMs + d.scoreMs)} | ${f((d.fitMs + d.scoreMs) / skTotal, 3)} | best of ${d.runs} | ${note} |`;
  });
  const skRow = b.sklearn
    ? `| scikit-learn ${b.sklearn.version} IsolationForest (reference) | ${f(b.sklearn.fitMs)} | ${f(b.sklearn.scoreMs)} | ${f(skTotal)} | 1.000 | best of 3 | python3, single process |`
    : `| scikit-learn IsolationForest (reference) | – | – | – | – | – | not measured: ${b.sklearnError} |`;
  const ours = b.detectors.find((d) => d.name === 'isolation-forest');
  const oursRatio = ours ? (ours.fitMs + ours.scoreMs) / skTotal : NaN;
  const aeRows = b.ae.map((r) =>
    'error' in r
      ? `| Node, tfjs ${r.requested} | – | – | – | not measured: ${r.error} |`
      : `| Node, tfjs ${r.requested} | ${r.backend}${r.simd === null ? '' : r.simd ? ' (SIMD build)' : ' (no SIMD)'} | ${n(Math.round(r.ms))} | ${f(r.msPerEpoch)} | ${r.ms <= 5_000 ? 'yes' : 'no'} (best of ${r.runs}) |`,
  );
  return `## Detectors: fit and score time on ${n(b.rows / 1000)}k windows

Every detector in lib/eval/registry.ts, called directly with its defaults on a seeded ${n(b.rows)} × ${b.features}
matrix (bench/iforest-compare.ts \`syntheticData\`, seed ${DATA_SEED}: Gaussian rows, 1 % planted outliers),
fitted and scored on all rows in one Node process. The KNN failure predictor gets ${FAILURE_STARTS.length} labeled 30-min run-ups (one
feature climbing) before failure starts at windows ${FAILURE_STARTS.join(', ')}. Best fit and best score taken separately over the runs. Ratio = (fit + score) /
scikit-learn's IsolationForest (fit + score) on the same matrix in the same run. Target: our isolation forest ≤ 1.0.

| detector | fit ms | score ms | fit + score ms | / scikit-learn | runs | notes |
|---|---:|---:|---:|---:|---|---|
${[...detRows, skRow].join('\n')}

Our isolation forest / scikit-learn: **${f(oursRatio, 3)}** (${Number.isFinite(oursRatio) ? (oursRatio <= 1 ? 'meets' : 'misses') : 'not measured against'} the ≤ 1.0 target).

## AutoEncoder: ${AE_EPOCHS} epochs on ${n(b.rows / 1000)}k × ${b.features}

lib/detectors/autoencoder.ts \`fitAsync\` with its defaults except \`epochs: ${AE_EPOCHS}\` and
\`validationFraction: 0\` (no hold-out, so no early stopping: exactly ${AE_EPOCHS} epochs, batch ${autoencoder.defaults.batchSize}, hidden ${JSON.stringify(autoencoder.defaults.hidden)}).
Each backend runs in its own Node child process (tfjs backends are global); "backend" is what
\`tf.getBackend()\` reported after \`selectBackend\`, which falls back to cpu when wasm cannot start. Target ≤ 5 s.

| where, requested | backend that ran | ms | ms / epoch | ≤ 5 s |
|---|---|---:|---:|---|
${aeRows.join('\n')}
`;
}

export async function detectorsSection(): Promise<string> {
  return renderDetectors(await measureDetectors());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { ae: { type: 'string' }, runs: { type: 'string', default: '1' }, json: { type: 'boolean' } } });
  if (values.ae !== undefined) {
    if (values.ae !== 'cpu' && values.ae !== 'wasm') throw new Error(`invalid --ae: ${values.ae} (expected cpu or wasm)`);
    console.log(JSON.stringify(await aeChild(values.ae, Number(values.runs))));
  } else {
    const b = await measureDetectors();
    console.log(values.json ? JSON.stringify(b, null, 2) : renderDetectors(b));
  }
}
