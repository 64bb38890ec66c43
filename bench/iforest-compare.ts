// Our Isolation Forest beside scikit-learn's on the same synthetic data: rank agreement, quality on
// planted outliers, score differences and time. `npx tsx bench/iforest-compare.ts [--rows N]
// [--features D] [--json]`. Needs python3 with scikit-learn (Debian: apt-get install python3-sklearn;
// set PYTHON=/usr/bin/python3 if another python3 comes first on PATH).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaults, fit, score } from '../lib/detectors/isolation-forest';
import { detectorRng } from '../lib/detectors/rng';
import { below, normal, stream } from '../simulator/rng';

const root = path.resolve(import.meta.dirname, '..');

/** Gaussian inliers; 1 % outliers, half far out on every axis, half shifted 4 σ on 4 features. */
export function syntheticData(rows: number, features: number, seed: number): { X: Float64Array[]; labels: Uint8Array } {
  const r = stream(seed, 'iforest-bench');
  const X = Array.from({ length: rows }, () => Float64Array.from({ length: features }, () => normal(r)));
  const labels = new Uint8Array(rows);
  const outliers = Math.round(rows * 0.01);
  for (let k = 0; k < outliers; ) {
    const i = below(r, rows);
    if (labels[i]) continue;
    labels[i] = 1;
    const sign = () => (r() < 0.5 ? -1 : 1);
    if (k % 2 === 0) for (let j = 0; j < features; j++) X[i][j] = sign() * (3 + 2 * r());
    else for (let s = 0; s < Math.min(4, features); s++) X[i][below(r, features)] += sign() * 4;
    k++;
  }
  return { X, labels };
}

/** Average ranks (ties share their mean rank), 1-based. */
function ranks(v: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a] - v[b]);
  const out = new Float64Array(v.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
    for (let k = i; k <= j; k++) out[idx[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

export const spearman = (a: ArrayLike<number>, b: ArrayLike<number>) => pearson(ranks(a), ranks(b));

/** ROC-AUC as the Mann–Whitney statistic (ties count one half). */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const r = ranks(scores);
  let pos = 0;
  let sum = 0;
  for (let i = 0; i < r.length; i++) {
    if (!labels[i]) continue;
    pos++;
    sum += r[i];
  }
  const neg = r.length - pos;
  return (sum - (pos * (pos + 1)) / 2) / (pos * neg);
}

function findPython(): string {
  for (const p of [process.env.PYTHON, 'python3', '/usr/bin/python3']) {
    if (p && spawnSync(p, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0) return p;
  }
  throw new Error('no python3 with scikit-learn found (apt-get install python3-sklearn, or set PYTHON)');
}

type SkRun = { sklearn: string; fit_ms: number; score_ms: number; fit_ms_runs: number[]; score_ms_runs: number[] };

function sklearn(python: string, csv: string, dir: string, seed: number, repeat: number): { run: SkRun; scores: Float64Array } {
  const out = path.join(dir, `sk-${seed}.csv`);
  const r = spawnSync(python, [path.join(root, 'bench/iforest-sklearn.py'), csv, out, '--seed', String(seed), '--repeat', String(repeat)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`iforest-sklearn.py failed: ${r.stderr}`);
  const scores = Float64Array.from(readFileSync(out, 'utf8').trim().split('\n'), Number);
  return { run: JSON.parse(r.stdout) as SkRun, scores };
}

function ours(X: Float64Array[], seed: number, repeat: number) {
  const fitMs: number[] = [];
  const scoreMs: number[] = [];
  let scores: Float64Array = new Float64Array(0);
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    const model = fit(X, defaults, detectorRng(seed, 'isolation-forest'));
    const t1 = performance.now();
    scores = score(model, X);
    const t2 = performance.now();
    fitMs.push(t1 - t0);
    scoreMs.push(t2 - t1);
  }
  return { fitMs, scoreMs, scores };
}

export function compare(rows: number, features: number) {
  const { X, labels } = syntheticData(rows, features, 1);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iforest-'));
  try {
    const csv = path.join(dir, 'x.csv');
    writeFileSync(csv, X.map((r) => Array.from(r, (v) => v.toPrecision(17)).join(',')).join('\n') + '\n');
    const python = findPython();
    const sk0 = sklearn(python, csv, dir, 0, 5);
    const sk1 = sklearn(python, csv, dir, 1, 1);
    const a0 = ours(X, 0, 5);
    const a1 = ours(X, 1, 1);
    let maxDiff = 0;
    let sumDiff = 0;
    let bias = 0;
    for (let i = 0; i < rows; i++) {
      const dlt = a0.scores[i] - sk0.scores[i];
      maxDiff = Math.max(maxDiff, Math.abs(dlt));
      sumDiff += Math.abs(dlt);
      bias += dlt;
    }
    const min = (v: number[]) => Math.min(...v);
    return {
      rows,
      features,
      outliers: labels.reduce((a, b) => a + b, 0),
      sklearn_version: sk0.run.sklearn,
      spearman_ours_vs_sklearn: spearman(a0.scores, sk0.scores),
      spearman_ours_seed0_vs_seed1: spearman(a0.scores, a1.scores),
      spearman_sklearn_seed0_vs_seed1: spearman(sk0.scores, sk1.scores),
      auc_ours: rocAuc(a0.scores, labels),
      auc_ours_seed1: rocAuc(a1.scores, labels),
      auc_sklearn: rocAuc(sk0.scores, labels),
      auc_sklearn_seed1: rocAuc(sk1.scores, labels),
      max_abs_diff: maxDiff,
      mean_abs_diff: sumDiff / rows,
      mean_diff: bias / rows,
      max_abs_diff_sklearn_seeds: sk0.scores.reduce((m, v, i) => Math.max(m, Math.abs(v - sk1.scores[i])), 0),
      ours_fit_ms: min(a0.fitMs),
      ours_score_ms: min(a0.scoreMs),
      ours_first_fit_ms: a0.fitMs[0],
      ours_first_score_ms: a0.scoreMs[0],
      sklearn_fit_ms: sk0.run.fit_ms,
      sklearn_score_ms: sk0.run.score_ms,
      ratio_fit_plus_score: (min(a0.fitMs) + min(a0.scoreMs)) / (sk0.run.fit_ms + sk0.run.score_ms),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000' }, features: { type: 'string', default: '16' }, json: { type: 'boolean' } } });
  const r = compare(Number(values.rows), Number(values.features));
  if (values.json) console.log(JSON.stringify(r, null, 2));
  else {
    const f = (v: number, d = 4) => v.toFixed(d);
    console.log(`Isolation Forest, ${r.rows} × ${r.features}, ${r.outliers} planted outliers; scikit-learn ${r.sklearn_version}`);
    console.log(`Spearman ours vs sklearn ${f(r.spearman_ours_vs_sklearn)} (seed-to-seed: ours ${f(r.spearman_ours_seed0_vs_seed1)}, sklearn ${f(r.spearman_sklearn_seed0_vs_seed1)})`);
    console.log(`ROC-AUC ours ${f(r.auc_ours)} / ${f(r.auc_ours_seed1)}, sklearn ${f(r.auc_sklearn)} / ${f(r.auc_sklearn_seed1)} (seed 0 / 1)`);
    console.log(`|score diff| max ${f(r.max_abs_diff)}, mean ${f(r.mean_abs_diff)}, mean signed ${f(r.mean_diff, 5)}; sklearn seed 0 vs 1 max ${f(r.max_abs_diff_sklearn_seeds)}`);
    console.log(`fit ms ours ${f(r.ours_fit_ms, 1)} (first ${f(r.ours_first_fit_ms, 1)}), sklearn ${f(r.sklearn_fit_ms, 1)}`);
    console.log(`score ms ours ${f(r.ours_score_ms, 1)} (first ${f(r.ours_first_score_ms, 1)}), sklearn ${f(r.sklearn_score_ms, 1)}`);
    console.log(`ours / sklearn (fit + score, best of 5): ${f(r.ratio_fit_plus_score, 3)}`);
  }
}
