import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateFrame, evalDefaults, type EvalRun } from '../eval/evaluate';
import { defaultSpec } from '../spec/defaults';
import { BUNDLE_VERSION, buildBundle, bundleText, parseBundle, type ModelBundle } from './bundle';
import { warmState } from './scorer';
import { trainingData, trainingDataOfSpec } from './training-data';
import { liveFrame, liveLabels, MINUTE, T0 } from './fixture.test-support';

const frame = liveFrame();
let run: EvalRun;
let bundle: ModelBundle;

beforeAll(async () => {
  run = await evaluateFrame(
    frame,
    { ...evalDefaults, features: frame.features, detectors: ['robust-z', 'ewma', 'knn-prefailure', 'ensemble'], splitAt: T0 + 250 * MINUTE, threshold: { rule: 'alarm-budget', perDay: 1 } },
    liveLabels,
  );
  bundle = buildBundle(
    { run, frame, parse: { format: 'nginx', latencyUnit: 's', year: null }, alerts: { ...defaultSpec().alerts, features: [...defaultSpec().alerts.features, { kind: 'feature', feature: 'p99_ms', op: '>', value: 900, windows: 1 }] }, handSet: { ewma: 7.5 }, featureState: { routes: ['/a'] }, data: { kind: 'files', files: [{ name: 'access.log', size: 10, sha256: 'a'.repeat(64) }] } },
    warmState,
  );
});

describe('the model bundle', () => {
  it('round-trips through its JSON text unchanged', () => {
    const back = parseBundle(bundleText(bundle), 'model.json');
    expect(back).toEqual(bundle);
    expect(back.format).toBe('harbinger-model');
    expect(back.version).toBe(BUNDLE_VERSION);
  });

  it('holds the run: features, models, thresholds with their rule, hand-set thresholds in force, the predictor, the ensemble reference', () => {
    expect(bundle.features).toEqual(frame.features);
    expect(bundle.detectors.map((d) => [d.name, d.role])).toEqual([['robust-z', 'anomaly'], ['ewma', 'anomaly'], ['knn-prefailure', 'predictor']]);
    for (const d of bundle.detectors) expect(d.model).toEqual(run.models[d.name]);
    const row = (n: string) => run.detectors.find((d) => d.name === n)!;
    expect(bundle.detectors[0].threshold).toEqual({ inForce: row('robust-z').threshold, chosen: row('robust-z').threshold, rule: row('robust-z').threshold_rule, handSet: null });
    expect(bundle.detectors[1].threshold).toMatchObject({ inForce: 7.5, chosen: row('ewma').threshold, handSet: 7.5 });
    expect(bundle.detectors[2].threshold.inForce).toBe(run.fixed['knn-prefailure']);
    expect(bundle.ensemble).toMatchObject({ members: ['robust-z', 'ewma'], mode: 'rank', threshold: { inForce: row('ensemble').threshold } });
    expect(bundle.ensemble!.reference[0]).toEqual(Array.from(run.scores['robust-z'].subarray(0, 250)).sort((a, b) => a - b));
    expect(bundle.alerts).toMatchObject({ detectors: ['ensemble'], predictor: 'knn-prefailure' });
    expect(bundle.training).toMatchObject({ from: new Date(T0).toISOString(), until: new Date(T0 + 250 * MINUTE).toISOString(), windows: 250, seed: 42, data: { kind: 'files' } });
    expect(bundle.featureState).toEqual({ routes: ['/a'] });
    expect(bundle.parse).toEqual({ format: 'nginx', latencyUnit: 's', year: null });
  });

  it('notes what it left out instead of dropping it silently', () => {
    expect(bundle.notes).toEqual(['alert rule p99_ms>900 left out: the run did not compute feature p99_ms']);
    expect(bundle.alerts.features.map((f) => f.feature)).toEqual(['rate_5xx', 'auth_top_ip_failures']);
  });

  it('holds no log line: only numbers, names and hashes', () => {
    const text = bundleText(bundle);
    expect(text).not.toMatch(/GET |HTTP\/1|sshd|Failed password/);
  });

  it('refuses damaged, foreign, newer and incomplete documents with the source and the reason', () => {
    const text = bundleText(bundle);
    expect(() => parseBundle(text.slice(0, -20), 'cut.json')).toThrow(/^cut\.json: not a model bundle: the JSON is damaged/);
    expect(() => parseBundle('{"v":2,"name":"x"}', 'spec.json')).toThrow(/^spec\.json: not a Harbinger model bundle \(expected "format": "harbinger-model"\)/);
    expect(() => parseBundle('[1,2]', 'list.json')).toThrow(/not a Harbinger model bundle/);
    expect(() => parseBundle(JSON.stringify({ ...bundle, version: 2 }), 'new.json')).toThrow('new.json: bundle version 2 was written by a newer Harbinger; this one reads version 1');
    const noEwma = { ...bundle, detectors: bundle.detectors.filter((d) => d.name !== 'ewma') };
    expect(() => parseBundle(JSON.stringify(noEwma), 'm.json')).toThrow('m.json: the bundle uses detector ewma but holds no model for it');
    expect(() => parseBundle(JSON.stringify({ ...bundle, detectors: [] }), 'm.json')).toThrow(/m\.json: invalid model bundle at detectors: /);
    expect(() => parseBundle(JSON.stringify({ ...bundle, scaler: { ...bundle.scaler, scale: [1] } }), 'm.json')).toThrow(/different number of features/);
    expect(() => parseBundle(JSON.stringify({ ...bundle, detectors: [{ ...bundle.detectors[0], name: 'prophet' }] }), 'm.json')).toThrow(/invalid model bundle at detectors\.0\.name/);
  });
});

describe('the training data hash', () => {
  it('identifies simulated data by its scenario and files by their hashes, order aside', () => {
    const spec = defaultSpec();
    const a = trainingData(trainingDataOfSpec(spec));
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.what).toContain('seed 1');
    const other = defaultSpec();
    if (other.source.kind !== 'simulator') throw new Error('default source changed');
    other.source.scenario.seed = 2;
    expect(trainingData(trainingDataOfSpec(other)).sha256).not.toBe(a.sha256);
    const f1 = { name: 'a.log', size: 1, sha256: '1'.repeat(64) };
    const f2 = { name: 'b.log', size: 2, sha256: '2'.repeat(64) };
    expect(trainingData({ kind: 'files', files: [f1, f2] }).sha256).toBe(trainingData({ kind: 'files', files: [f2, f1] }).sha256);
    expect(trainingData({ kind: 'files', files: [f1] }).sha256).not.toBe(trainingData({ kind: 'files', files: [f2] }).sha256);
  });
});
