/**
 * The feature frame from the simulated rows in JavaScript equals the engine's SQL frame, cell for
 * cell and bit for bit, and the JS feature-state fit equals the SQL fit: on the default experiment
 * (the page's cold start trains on this frame) and on other presets, seeds, splits and features.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { openNative } from '../db/native';
import { createSchema, metricNames, resetData } from '../db/schema';
import { simulateInto } from '../jobs/simulate';
import { generateBatches } from '../../simulator/batches';
import { PRESETS, type Scenario } from '../../simulator/scenario';
import { catalogue, defaultFeatures } from '../features/catalogue';
import { loadFeaturesChecked, fitSpanOf, type FeatureFrame, type FitSpan } from '../eval/frame';
import { defaultSpec } from '../spec/defaults';
import { parseWindow } from '../spec/schema';
import type { Batch } from '../ingest/types';
import { fitFeatureState } from './feature-state';
import { fitFeatureStateOfBatches, byteOrder } from './feature-state-rows';
import { frameOfBatches } from './batch-frame';

function expectSameFrame(js: FeatureFrame, sql: FeatureFrame): void {
  expect(js.features).toEqual(sql.features);
  expect(js.fitUntilMs).toBe(sql.fitUntilMs);
  expect(js.starts.length).toBe(sql.starts.length);
  expect(js.starts.length).toBeGreaterThan(0);
  let differ = 0;
  let first = '';
  for (let i = 0; i < sql.starts.length; i++) {
    if (js.starts[i] !== sql.starts[i]) throw new Error(`window ${i}: starts ${js.starts[i]} vs ${sql.starts[i]}`);
    for (let k = 0; k < sql.features.length; k++) {
      // Object.is: bit for bit, -0 and NaN included
      if (!Object.is(js.X[i][k], sql.X[i][k])) {
        differ++;
        first ||= `window ${i} ${sql.features[k]}: ${js.X[i][k]} vs ${sql.X[i][k]}`;
      }
    }
  }
  expect(first).toBe('');
  expect(differ).toBe(0);
}

describe('feature frame from the simulated rows (JS) vs the engine (SQL)', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNative();
    await createSchema(db);
  });
  afterAll(() => db.close());

  async function both(scenario: Scenario, windowSec: number, features: readonly string[] | null, fit: FitSpan) {
    await resetData(db);
    await simulateInto(db, scenario);
    const batches: Batch[] = [...generateBatches(scenario)];
    const list = features ?? defaultFeatures(await metricNames(db));
    const sql = await loadFeaturesChecked(db, windowSec, list, fit);
    const js = frameOfBatches(batches, windowSec, features, fit);
    return { sql, js, batches, list };
  }

  it('the default experiment: every cell of every window, and the fitted feature state', async () => {
    const spec = defaultSpec();
    if (spec.source.kind !== 'simulator') throw new Error('the default source is a simulation');
    const windowSec = parseWindow(spec.window);
    const { sql, js, batches, list } = await both(spec.source.scenario, windowSec, spec.models.features, fitSpanOf(spec.models, windowSec));
    expectSameFrame(js, sql);
    const q = { windowSec, features: list, fitUntilMs: sql.fitUntilMs! };
    expect(fitFeatureStateOfBatches(batches, q)).toEqual(await fitFeatureState(db, q));
  }, 120_000);

  it('another preset and seed, every catalogue feature with changes, a split by time and 5-minute windows', async () => {
    const scenario = structuredClone(PRESETS['memory-leak'].scenario) as Scenario;
    scenario.seed = 7;
    scenario.days = 2;
    scenario.outputs = { access: true, auth: true, metrics: true };
    await resetData(db);
    await simulateInto(db, scenario);
    const all = catalogue(await metricNames(db)).map((f) => f.id);
    const features = [...all, 'd:requests', 'd:p90_ms', `d:${all.find((f) => f.startsWith('metric_resid_tod_max:'))!}`];
    const splitAt = scenario.start + 86_400_000 + 7 * 3_600_000 + 123_456;
    const fit = fitSpanOf({ splitAt, trainFraction: 0.5 }, 300);
    const { sql, js, batches } = await both(scenario, 300, features, fit);
    expectSameFrame(js, sql);
    const q = { windowSec: 300, features, fitUntilMs: sql.fitUntilMs! };
    expect(fitFeatureStateOfBatches(batches, q)).toEqual(await fitFeatureState(db, q));
  }, 120_000);

  it('the SSH preset at another train share, default features', async () => {
    const scenario = structuredClone(PRESETS['ssh-attack'].scenario) as Scenario;
    scenario.seed = 11;
    scenario.days = Math.min(scenario.days, 3);
    const { sql, js } = await both(scenario, 60, null, { trainFraction: 0.3 });
    expectSameFrame(js, sql);
  }, 120_000);

  it('refuses what the SQL path refuses, with the same message', async () => {
    const scenario = structuredClone(PRESETS['quiet-week'].scenario) as Scenario;
    scenario.days = 1;
    scenario.traffic.rps = 0.2;
    await resetData(db);
    await simulateInto(db, scenario);
    const batches = [...generateBatches(scenario)];
    const sqlError = await loadFeaturesChecked(db, 10, ['requests'], {}, 100).then(() => null, (e: Error) => e.message);
    expect(sqlError).toMatch(/more than the 100 a model can train on here/);
    expect(() => frameOfBatches(batches, 10, ['requests'], {}, 100)).toThrow(sqlError!);
    expect(() => frameOfBatches([], 60, ['requests'], {})).toThrow('no timestamped rows are loaded: nothing to window');
  }, 60_000);

  it('orders names as DuckDB does (UTF-8 bytes), not by UTF-16 units', () => {
    // U+FF5E comes after U+1F600 in UTF-16 units (0xFF5E > 0xD83D) but before it in UTF-8 bytes (EF < F0)
    const a = '\uFF5E';
    const b = '\u{1F600}';
    expect(byteOrder(a, b)).toBeLessThan(0);
    expect(a < b).toBe(false);
    expect(byteOrder('a', 'ab')).toBeLessThan(0);
    expect(byteOrder('b', 'a')).toBeGreaterThan(0);
    expect(byteOrder('x', 'x')).toBe(0);
  });
});
