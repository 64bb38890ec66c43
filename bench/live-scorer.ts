// Live mode's stream scorer on the default experiment (web shop, 7 days at 1 request/s, the default
// detectors): bundle build time and size, windows scored per second one at a time, how far that is
// from the 1 day of data per 10 s the Live cell aims at, snapshot size, and a replay-equals-batch
// check over the whole test span. `npx tsx bench/only.ts scorer` puts the section in BENCHMARKS.md.
import path from 'node:path';
import { openNative } from '../lib/db/native';
import { selectBackend } from '../lib/detectors/tf';
import { fitFeatureState } from '../lib/live/feature-state';
import { buildBundle, bundleInputOf, bundleText, parseBundle, type ModelBundle } from '../lib/live/bundle';
import { createScorer, warmState } from '../lib/live/scorer';
import { trainDefault } from './default-run';

const root = path.resolve(import.meta.dirname, '..');

function stepCost(bundle: ModelBundle, X: Float64Array[], starts: Float64Array, from: number, to: number): number {
  const s = createScorer(bundle);
  const t = performance.now();
  for (let i = from; i < to; i++) s.step({ start: starts[i], values: X[i] });
  return (performance.now() - t) / (to - from);
}

export async function liveScorerSection(): Promise<string> {
  await selectBackend('wasm', path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/') + path.sep);
  const db = await openNative();
  try {
    const { spec, scenario, windowSec, features, config, frame, run } = await trainDefault(db);
    const featureState = await fitFeatureState(db, { windowSec, features, fitUntilMs: frame.fitUntilMs! });
    let t = performance.now();
    const built = buildBundle(bundleInputOf(spec, run, frame, featureState), warmState);
    const buildMs = performance.now() - t;
    const text = bundleText(built);
    t = performance.now();
    const bundle = parseBundle(text, 'bench');
    const parseMs = performance.now() - t;

    const { start, end } = run.context.split.test;
    const scorer = createScorer(bundle);
    let mismatches = 0;
    let compared = 0;
    let events = 0;
    t = performance.now();
    let snapshotKb = 0;
    let snapshotMs = 0;
    for (let i = start; i < end; i++) {
      const step = scorer.step({ start: frame.starts[i], values: frame.X[i] });
      events += step.events.length;
      for (const d of step.detectors) {
        compared++;
        if (d.score !== run.scores[d.detector][i]) mismatches++;
      }
      if (i === start + ((end - start) >> 1)) {
        const s0 = performance.now();
        snapshotKb = JSON.stringify(scorer.snapshot()).length / 1024;
        snapshotMs = performance.now() - s0;
      }
    }
    const perWindow = (performance.now() - t) / (end - start);
    const dayWindows = 86_400 / windowSec;
    const rows = bundle.detectors.map((d) => {
      const only = { ...bundle, detectors: [d], ensemble: null, alerts: { ...bundle.alerts, detectors: [], predictor: null, features: [] } };
      return `| ${d.name} | ${stepCost(only, frame.X, frame.starts, start, Math.min(end, start + 1440)).toFixed(3)} | ${(JSON.stringify(d.model).length / 1024).toFixed(0)} |`;
    });
    return [
      '## Live stream scorer, default experiment',
      '',
      `\`npx tsx bench/only.ts scorer\` (bench/live-scorer.ts), Node ${process.version}, tfjs wasm, ${scenario.days} simulated days at ${scenario.traffic.rps} request/s,`,
      `windows of ${windowSec} s, detectors ${config.detectors.join(', ')}; the test span's ${(end - start).toLocaleString('en-US')} windows fed one at a time.`,
      '',
      '| what | value |',
      '| --- | --- |',
      `| bundle size | ${(text.length / 1024).toFixed(0)} KiB |`,
      `| buildBundle (incl. the warm-up over ${start.toLocaleString('en-US')} training windows) | ${buildMs.toFixed(0)} ms |`,
      `| parseBundle | ${parseMs.toFixed(0)} ms |`,
      `| one window, every detector + ensemble + rules | ${perWindow.toFixed(3)} ms (${Math.round(1000 / perWindow).toLocaleString('en-US')} windows/s) |`,
      `| one day of windows (${dayWindows}) | ${((perWindow * dayWindows) / 1000).toFixed(2)} s (Live cell target: ≤ 10 s in the browser) |`,
      `| snapshot mid-stream | ${snapshotKb.toFixed(0)} KiB as JSON, ${snapshotMs.toFixed(1)} ms |`,
      `| scores equal to the batch's | ${compared - mismatches} of ${compared} (${mismatches === 0 ? 'bit for bit' : `${mismatches} differ`}) |`,
      `| alert events on the test span | ${events} |`,
      '',
      'Per detector, alone (first 1,440 test windows):',
      '',
      '| detector | ms / window | model KiB |',
      '| --- | ---: | ---: |',
      ...rows,
      '',
    ].join('\n');
  } finally {
    await db.close();
  }
}
