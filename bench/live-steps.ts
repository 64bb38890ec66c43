// Where the Live cell's stream path spends its time, step by step, in Node on the browser's engine
// (duckdb-wasm) and the same code: the default experiment (7 days) simulated and trained, then
// the feature state fitted, the bundle built, the training span's records fed to the featurer
// (1024-window slices, as the runner's warm-up reaches) and the test span replayed in slices of
// N windows (first argument, default 16; a second argument `rows` reads results as row objects,
// the path before the columnar one): slicing records in the engine, featurer push and close, the
// stream scorer. One thread, no workers: the browser adds messages between them on top.
// `npx tsx bench/live-steps.ts [N]`; prints one block, not written into BENCHMARKS.md.
import path from 'node:path';
import os from 'node:os';
import { openWasmNode } from '../lib/db/wasm-node';
import type { Db } from '../lib/db/db';
import { selectBackend } from '../lib/detectors/tf';
import { fitFeatureState } from '../lib/live/feature-state';
import { buildBundle, bundleInputOf } from '../lib/live/bundle';
import { createScorer, warmState } from '../lib/live/scorer';
import { createFeaturer } from '../lib/live/featurer';
import { ReplayDriver } from '../lib/live/replay';
import { recordSpan, sliceRecords } from '../lib/jobs/live-slices';
import { trainDefault } from './default-run';

const root = path.resolve(import.meta.dirname, '..');
const CHUNK = Number(process.argv[2] ?? 16);
const ROWS = process.argv[3] === 'rows';
await selectBackend('wasm', path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/') + path.sep);
const db = await openWasmNode();
const { spec, windowSec, features, frame, run } = await trainDefault(db);
console.log(`live steps, Node ${process.version}, duckdb-wasm; detectors`, run.detectors.map((d) => d.name + (d.error ? '!' : '')).join(','), 'load', os.loadavg().map((x) => x.toFixed(2)).join(' '));
let t = performance.now();
const featureState = await fitFeatureState(db, { windowSec, features, fitUntilMs: frame.fitUntilMs ?? run.splitTime });
const tFs = performance.now() - t;
t = performance.now();
const bundle = buildBundle(bundleInputOf(spec, run, frame, featureState), warmState);
const tBuild = performance.now() - t;
const span = (await recordSpan(db))!;
// without queryColumns, sliceRecords builds its batches from row objects
const sliceDb: Db = ROWS ? { query: (q) => db.query(q), exec: (q) => db.exec(q), insert: (b, i) => db.insert(b, i), insertColumns: (i, c, n) => db.insertColumns(i, c, n), close: () => db.close() } : db;
const T = { slice: 0, push: 0, close: 0, step: 0, sliceTrain: 0, pushTrain: 0, closeTrain: 0 };
const featurer = createFeaturer({ windowSec, features: bundle.features, featureState: bundle.featureState, graceMs: 0 });
const scorer = createScorer(bundle);
const first = frame.starts[run.context.split.train.end];
let training = true;
const driver = new ReplayDriver({
  featurer: {
    push: (b) => { const t0 = performance.now(); featurer.push(b); T[training ? 'pushTrain' : 'push'] += performance.now() - t0; },
    closeUntil: (c) => { const t0 = performance.now(); const r = featurer.closeUntil(c); T[training ? 'closeTrain' : 'close'] += performance.now() - t0; return r; },
    late: featurer.late, snapshot: featurer.snapshot,
  },
  scorer: { features: scorer.features, windowMs: scorer.windowMs, snapshot: scorer.snapshot, step: (r) => { const t0 = performance.now(); const s = scorer.step(r); T.step += performance.now() - t0; return s; } },
  source: { slice: async (a, b) => { const t0 = performance.now(); const r = await sliceRecords(sliceDb, a, b); T[training ? 'sliceTrain' : 'slice'] += performance.now() - t0; return r; } },
  dataStartMs: span.from, dataEndMs: span.to, fromMs: first, scoreFromMs: first,
});
t = performance.now();
while (driver.clockMs < first + 60_000) { await driver.advanceTo(Math.min(first + 60_000, driver.nextCloseAt() + 1023 * 60_000)); }
const tWarm = performance.now() - t;
training = false;
t = performance.now();
let windows = 0;
while (!driver.done) { const a = await driver.advanceTo(driver.nextCloseAt() + (CHUNK - 1) * 60_000); windows += a.steps.length; }
const tTest = performance.now() - t;
const f = (x: number) => (x / 1000).toFixed(2) + ' s';
console.log(`featureState ${f(tFs)}, buildBundle ${f(tBuild)}`);
console.log(`warm (training span, 1024-window slices): ${f(tWarm)}: slice ${f(T.sliceTrain)}, push ${f(T.pushTrain)}, close ${f(T.closeTrain)}`);
console.log(`test span (${windows} windows, ${CHUNK}-window slices, ${ROWS ? 'row objects' : 'Arrow columns'}): ${f(tTest)}: slice ${f(T.slice)}, push ${f(T.push)}, close ${f(T.close)}, step ${f(T.step)}`);
console.log('load', os.loadavg().map((x) => x.toFixed(2)).join(' '));
