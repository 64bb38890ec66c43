/**
 * `harbinger evaluate --save-model`: a simulated fixture evaluated by the real CLI process; the file
 * parses back as a bundle whose thresholds equal the CLI's own report and whose models equal an
 * in-process run of the same evaluation; replaying the test span through it gives the batch scores.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import os from 'node:os';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { openNative } from '../lib/db/native';
import { createSchema } from '../lib/db/schema';
import { loadSources } from '../lib/jobs/load';
import { fileInput } from '../lib/cli/files';
import { parseLabelsCsv } from '../lib/labels/parse';
import { defaultFeatures } from '../lib/features/catalogue';
import { evaluateFrame, evalDefaults, loadFeatures, type EvalConfig } from '../lib/eval/evaluate';
import { fitSpanOf } from '../lib/eval/frame';
import { postDefaults } from '../lib/detectors/postprocess';
import { parseBundle } from '../lib/live/bundle';
import { createScorer } from '../lib/live/scorer';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'harbinger-save-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function harbinger(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/harbinger.mjs'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('harbinger evaluate --save-model', () => {
  it('writes a bundle whose thresholds and models are the run’s, and which replays the test span as the batch scored it', async () => {
    expect(harbinger('simulate', '--preset', 'web-shop', '--seed', '3', '--days', '2', '--rps', '0.3', '--out', dir).code).toBe(0);
    const logs = ['access.log', 'auth.log', 'metrics.csv'].map((f) => path.join(dir, f));
    const labelsFile = path.join(dir, 'labels.csv');
    const model = path.join(dir, 'model.json');
    const detectors = 'robust-z,ewma,conformal-knn,ensemble';
    const r = harbinger('evaluate', ...logs, '--labels', labelsFile, '--json', '--detectors', detectors, '--post', 'likelihood', '--save-model', model);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { features: string[]; detectors: { name: string; threshold: number; threshold_rule: string }[] };
    const bundle = parseBundle(readFileSync(model, 'utf8'), model);
    expect(bundle.features).toEqual(report.features);
    expect(bundle.post.kind).toBe('likelihood');
    for (const d of report.detectors) {
      const t = d.name === 'ensemble' ? bundle.ensemble!.threshold : bundle.detectors.find((b) => b.name === d.name)!.threshold;
      expect(t, d.name).toEqual({ inForce: d.threshold, chosen: d.threshold, rule: d.threshold_rule, handSet: null });
    }
    expect(bundle.training.data.kind).toBe('files');
    expect(bundle.training.data.what).toContain('access.log');
    expect(bundle.featureState).toMatchObject({ version: 1, windowSec: 60 });
    // every stderr line is a bundle note (what it left out), never an error
    for (const line of r.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^harbinger evaluate: model bundle: /);

    // the same evaluation in this process: the models are the bundle's, and the bundle replays its scores
    const db = await openNative();
    try {
      await createSchema(db);
      await loadSources(db, await Promise.all(logs.map(fileInput)), { format: 'auto', latencyUnit: 'auto' });
      const names = (await db.query('SELECT DISTINCT name FROM metrics ORDER BY name')).map((x) => String(x.name));
      const config: EvalConfig = {
        ...evalDefaults,
        features: defaultFeatures(names),
        detectors: detectors.split(','),
        threshold: { rule: 'alarm-budget', perDay: 0.5 },
        post: { ...postDefaults, kind: 'likelihood' },
      };
      const frame = await loadFeatures(db, 60, config.features, fitSpanOf(config, 60));
      const run = await evaluateFrame(frame, config, parseLabelsCsv(readFileSync(labelsFile, 'utf8'), labelsFile));
      for (const d of bundle.detectors) expect(d.model, d.name).toEqual(run.models[d.name]);
      const scorer = createScorer(bundle);
      const { start, end } = run.context.split.test;
      for (let i = start; i < end; i++) {
        for (const d of scorer.step({ start: frame.starts[i], values: frame.X[i] }).detectors) expect(d.score, `${d.detector} window ${i}`).toBe(run.scores[d.detector][i]);
      }
    } finally {
      await db.close();
    }
  }, 240_000);
});
