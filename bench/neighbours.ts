// The KNN predictor's neighbour search: the scan against ml-knn's k-d tree, both exact and giving
// the same neighbours, on the same examples and queries in the same run; then the predictor's fit
// and score on the default experiment with each. `npx tsx bench/neighbours.ts` prints the section;
// `npx tsx bench/only.ts neighbours` writes it into BENCHMARKS.md.
import os from 'node:os';
import { buildIndex, NEIGHBOUR_INDEXES, type NeighbourIndex } from '../lib/predict/neighbours';
import { detectorRng } from '../lib/detectors/rng';
import { evalConfigOf } from '../lib/eval/from-spec';
import { evaluateFrame } from '../lib/eval/evaluate';
import { fitSpanOf } from '../lib/eval/frame';
import { frameOfBatches } from '../lib/live/batch-frame';
import { simulatedLabels } from '../lib/jobs/ahead';
import { defaultSpec } from '../lib/spec/defaults';
import { parseWindow } from '../lib/spec/schema';
import { generateBatches } from '../simulator/batches';

const K = 20;
const QUERIES = 3_000;
const RUNS = 3;

/** Examples and queries: seeded Gaussian rows (the predictor's examples are robust-scaled signatures). */
function data(n: number, d: number) {
  const rng = detectorRng(n * 100 + d, 'bench neighbours');
  const gauss = () => Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());
  const rows = Array.from({ length: n }, () => Array.from({ length: d }, gauss));
  const queries = Array.from({ length: QUERIES }, () => Array.from({ length: d }, () => gauss() * 1.2));
  return { rows, ids: rows.map((_, i) => i), queries };
}

/** Best of RUNS, µs per query; the neighbours of the last run, to check both indexes agree. */
function time(kind: NeighbourIndex, rows: number[][], ids: number[], queries: number[][], d: number) {
  const ix = buildIndex(rows, ids, K, d, kind);
  let best = Infinity;
  let found: string[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    found = queries.map((q) => JSON.stringify(ix.nearest(q)));
    best = Math.min(best, performance.now() - t);
  }
  return { us: (best / queries.length) * 1000, found };
}

async function predictor(kind: NeighbourIndex): Promise<number> {
  const spec = defaultSpec();
  if (spec.source.kind !== 'simulator') throw new Error('the default experiment is not simulated any more');
  const windowSec = parseWindow(spec.window);
  const frame = frameOfBatches([...generateBatches(spec.source.scenario)], windowSec, spec.models.features, fitSpanOf(spec.models, windowSec));
  const base = evalConfigOf(spec, frame.features);
  const config = { ...base, detectors: ['knn-prefailure'], params: { ...base.params, 'knn-prefailure': { ...base.params?.['knn-prefailure'], index: kind } } };
  let best = Infinity;
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    await evaluateFrame(frame, config, simulatedLabels(spec.source.scenario));
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

export async function neighboursSection(): Promise<string> {
  const rows: string[] = [];
  for (const d of [1, 3, 6, 12]) {
    for (const n of [1_000, 2_000, 5_000, 21_000]) {
      const x = data(n, d);
      const scan = time('scan', x.rows, x.ids, x.queries, d);
      const tree = time('kd-tree', x.rows, x.ids, x.queries, d);
      const same = scan.found.every((f, i) => f === tree.found[i]);
      rows.push(`| ${d} | ${n.toLocaleString('en-US')} | ${scan.us.toFixed(1)} | ${tree.us.toFixed(1)} | ${(tree.us / scan.us).toFixed(1)}× | ${same ? 'yes' : 'NO'} |`);
    }
  }
  const fit: string[] = [];
  for (const kind of NEIGHBOUR_INDEXES) fit.push(`| ${kind} | ${Math.round(await predictor(kind))} |`);
  return `## KNN predictor: neighbour search, scan vs ml-knn's k-d tree

\`bench/neighbours.ts\`, ${new Date().toISOString()}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, one process.
Both searches are exact and rank by the same squared distance; the last column checks that they
returned the same neighbours for every query. k = ${K}; ${QUERIES.toLocaleString('en-US')} queries; seeded Gaussian examples
(queries spread 1.2× wider); best of ${RUNS} runs. The predictor allows up to 21,000 examples
(1,000 run-up windows and up to 20,000 normal ones) and uses 1–60 dimensions (3 per learned run-up).

| dimensions | examples | scan µs/query | k-d tree µs/query | k-d tree / scan | same neighbours |
|---:|---:|---:|---:|---:|---|
${rows.join('\n')}

The KNN predictor alone (fit with its leave-one-incident-out folds, then scoring all 10,080 windows)
on the default experiment's feature frame, best of ${RUNS}, in ms:

| neighbour search | fit + score ms |
|---|---:|
${fit.join('\n')}
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  neighboursSection().then((md) => console.log(md));
}
