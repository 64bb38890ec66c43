/**
 * `harbinger watch` with a real model bundle: simulate → `evaluate --save-model` → `watch
 * --from-start` on the three simulated files (real processes). The alert lines it prints equal
 * what the batch feature query plus the bundle's stream scorer give in this process for the same
 * windows: reading three files side by side, windowing incrementally and scoring live change nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openNative } from '../lib/db/native';
import { createSchema } from '../lib/db/schema';
import { loadSources } from '../lib/jobs/load';
import { fileInput } from '../lib/cli/files';
import { loadFeatures } from '../lib/eval/frame';
import { parseBundle } from '../lib/live/bundle';
import { createScorer } from '../lib/live/scorer';
import { parseFeatureState } from '../lib/live/feature-state';
import type { LiveEvent } from '../lib/live/contract';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'harbinger-watch-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function harbinger(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/harbinger.mjs'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('harbinger watch with a model bundle', () => {
  it('prints the alerts the batch features and the bundle scorer give for the same windows', async () => {
    expect(harbinger('simulate', '--preset', 'web-shop', '--seed', '3', '--days', '2', '--rps', '0.3', '--out', dir).code).toBe(0);
    const logs = ['access.log', 'auth.log', 'metrics.csv'].map((f) => path.join(dir, f));
    const model = path.join(dir, 'model.json');
    const ev = harbinger('evaluate', ...logs, '--labels', path.join(dir, 'labels.csv'), '--detectors', 'robust-z,ewma', '--save-model', model);
    expect(ev.code, ev.stderr).toBe(0);

    const w = harbinger('watch', '--model', model, '--from-start', '--grace', '0', '--idle-exit', '2', ...logs);
    expect(w.code, w.stderr).toBe(0);
    expect(w.stderr).toMatch(/late records \{"requests":0,"auth_events":0,"metrics":0\}/);
    const live = w.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as LiveEvent);

    const bundle = parseBundle(readFileSync(model, 'utf8'), model);
    const db = await openNative();
    let batch: LiveEvent[];
    let lastTs: number;
    try {
      await createSchema(db);
      await loadSources(db, await Promise.all(logs.map(fileInput)), { format: 'auto', latencyUnit: 'auto' });
      const { fitUntilMs } = parseFeatureState(bundle.featureState);
      const frame = await loadFeatures(db, bundle.windowSec, bundle.features, { fitUntilMs });
      const scorer = createScorer(bundle);
      batch = frame.X.flatMap((values, i) => scorer.step({ start: frame.starts[i], values }).events);
      lastTs = Number((await db.query('SELECT epoch_ms(max(ts)) AS t FROM requests'))[0].t);
    } finally {
      await db.close();
    }
    // with no grace, every window ending by the last record's time has closed in the watcher
    const closed = (e: LiveEvent) => Date.parse(e.window_end) <= lastTs;
    expect(batch.filter(closed).length).toBeGreaterThanOrEqual(3);
    expect(live.filter(closed)).toEqual(batch.filter(closed));
    for (const e of live) expect(Object.keys(e).sort()).toEqual(['detector', 'kind', 'score', 'threshold', 'top_features', 'ts', 'window_end', 'window_start']);

    // stopped by SIGTERM after its first alert, then resumed from --state: together the two runs
    // print exactly what the uninterrupted run printed (nothing repeated, nothing lost)
    const state = path.join(dir, 'state.json');
    const args = [path.join(root, 'bin/harbinger.mjs'), 'watch', '--model', model, '--from-start', '--grace', '0', '--state', state, '--state-every', '5'];
    const first = spawn(process.execPath, [...args, ...logs], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out1 = '';
    let err1 = '';
    first.stdout.on('data', (d: Buffer) => {
      out1 += d.toString();
      if (out1.includes('\n')) first.kill('SIGTERM');
    });
    first.stderr.on('data', (d: Buffer) => (err1 += d.toString()));
    expect(await new Promise((r) => first.on('exit', r)), err1).toBe(0);
    expect(err1).toContain('stopped (SIGTERM)');
    const second = harbinger('watch', '--model', model, '--from-start', '--grace', '0', '--state', state, '--idle-exit', '2', ...logs);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('resuming from');
    const resumed = (out1 + second.stdout).split('\n').filter(Boolean).map((l) => JSON.parse(l) as LiveEvent);
    expect(resumed).toEqual(live);
  }, 180_000);
});
