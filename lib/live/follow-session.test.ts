import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { openNative } from '../db/native';
import { createSchema } from '../db/schema';
import { labelRows, simulateInto } from '../jobs/simulate';
import { planIncidents } from '../../simulator/plan';
import { generate } from '../../simulator/generate';
import { PRESETS, type Scenario } from '../../simulator/scenario';
import { defaultFeatures } from '../features/catalogue';
import { evaluateFrame, evalDefaults, loadFeatures, type EvalConfig } from '../eval/evaluate';
import { fitSpanOf } from '../eval/frame';
import { defaultSpec } from '../spec/defaults';
import { fitFeatureState } from './feature-state';
import { startFollow, type FollowSetup, type FollowUpdate } from './follow-session';
import type { FileView } from './follow-file';

// a day and a half of access log; the models train on the first half
const scenario = structuredClone(PRESETS['quiet-week'].scenario) as Scenario;
scenario.days = 1.5;
scenario.traffic.rps = 0.3;
scenario.outputs = { access: true, auth: false, metrics: false };
scenario.incidents.placed = [{ kind: 'error-burst', start: scenario.start + 30 * 3_600_000, durationMin: 20 }];

/** The simulated access.log, growing: `upTo` bytes of it are there. */
function growing(text: Uint8Array, upTo: number): FileView {
  const size = Math.min(upTo, text.length);
  return { name: 'access.log', size, read: async (from, to) => text.slice(from, Math.min(to, size)) };
}

describe('following a growing file (native engine for the training)', () => {
  let db: Db;
  let setup: FollowSetup;
  let text: Uint8Array;
  beforeAll(async () => {
    db = await openNative();
    await createSchema(db);
    await simulateInto(db, scenario);
    const config: EvalConfig = { ...evalDefaults, features: defaultFeatures([]), detectors: ['robust-z', 'ewma', 'isolation-forest', 'ensemble'], threshold: { rule: 'alarm-budget', perDay: 1 } };
    const frame = await loadFeatures(db, config.windowSec, config.features, fitSpanOf(config, config.windowSec));
    const run = await evaluateFrame(frame, config, labelRows(planIncidents(scenario)));
    const featureState = await fitFeatureState(db, { windowSec: 60, features: frame.features, fitUntilMs: frame.fitUntilMs! });
    setup = {
      bundle: { run, frame, parse: { format: 'combined', latencyUnit: 'auto', year: null }, alerts: defaultSpec().alerts, featureState, data: { kind: 'sample', id: 'access' } },
      parse: { format: 'combined' },
      graceMs: 30_000,
    };
    const parts = [...generate(scenario, { files: ['access.log'] })].map((c) => c.bytes);
    text = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) text.set(p, (at += p.length) - p.length);
  }, 120_000);
  afterAll(() => db.close());

  it('scores the same windows whether the file grew in one go or in uneven appends, and closes windows on the data clock with the grace', async () => {
    const once = startFollow(setup, 'access.log');
    const whole = await once.look(growing(text, text.length));
    const piecewise = startFollow(setup, 'access.log');
    const updates: FollowUpdate[] = [];
    // uneven appends that cut lines anywhere
    for (let at = 0, k = 1; at < text.length; k++) {
      at = Math.min(text.length, at + 1 + ((k * 7919) % 250_000));
      updates.push(await piecewise.look(growing(text, at)));
    }
    const windows = updates.flatMap((u) => u.windows);
    expect(windows.length).toBeGreaterThan(1000);
    expect(windows).toEqual(whole.windows);
    expect(updates.at(-1)!.counts).toEqual(whole.counts);
    expect(whole.counts.rejected).toBe(0);
    // the last window closed is the last one whose end + grace the data's clock has passed
    const last = windows.at(-1)!.start;
    expect(last + 60_000 + 30_000).toBeLessThanOrEqual(whole.clockMs!);
    expect(last + 2 * 60_000 + 30_000).toBeGreaterThan(whole.clockMs!);
    // the error burst raised an alarm, with the window and detector named
    const burst = scenario.incidents.placed[0].start;
    const alarms = updates.flatMap((u) => u.events).filter((e) => e.kind === 'alarm');
    expect(alarms.some((e) => Date.parse(e.window_start) >= burst - 10 * 60_000 && Date.parse(e.window_start) < burst + 20 * 60_000)).toBe(true);
  }, 120_000);
});
