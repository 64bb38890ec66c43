import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../spec/defaults';
import { scenarioKey } from '../jobs/scenario-key';
import type { ExperimentSpec } from '../spec/schema';
import { aheadRequestOf, aheadRunKey, keepsAhead } from './ahead';

function sim(): ExperimentSpec & { source: { kind: 'simulator' } } {
  const s = defaultSpec();
  if (s.source.kind !== 'simulator') throw new Error('the default source is a simulation');
  return s as ExperimentSpec & { source: { kind: 'simulator' } };
}

describe('a run trained ahead of the engine, and when the loaded data keeps it', () => {
  it('asks for the window, features and fit span of a simulated source only', () => {
    const s = sim();
    s.window = '5m';
    s.models.trainFraction = 0.4;
    expect(aheadRequestOf(s)).toEqual({ scenario: s.source.scenario, windowSec: 300, features: null, fit: { trainFraction: 0.4 } });
    s.models.splitAt = s.source.scenario.start + 3_600_000 + 1;
    // the fit ends at the first window starting at or after the split (the scenario starts on the hour)
    expect(s.source.scenario.start % 3_600_000).toBe(0);
    expect(aheadRequestOf(s)!.fit).toEqual({ fitUntilMs: s.source.scenario.start + 3_600_000 + 300_000 });
    const sample: ExperimentSpec = { ...defaultSpec(), source: { kind: 'sample', id: 'access' } } as ExperimentSpec;
    expect(aheadRequestOf(sample)).toBeNull();
    expect(aheadRunKey(sample)).toBeNull();
  });

  it('is kept by the data it trained on, whatever the spec asks of training since, unless the user forced a run', () => {
    const s = sim();
    const key = aheadRunKey(s);
    const loaded = scenarioKey(s.source.scenario);
    expect(keepsAhead(key, loaded, false)).toBe(true);
    // Train / Retrain
    expect(keepsAhead(key, loaded, true)).toBe(false);
    // other data loaded (another seed), or none
    expect(keepsAhead(key, scenarioKey({ ...s.source.scenario, seed: s.source.scenario.seed + 1 }), false)).toBe(false);
    expect(keepsAhead(key, null, false)).toBe(false);
    expect(keepsAhead(null, loaded, false)).toBe(false);
    // a run of another simulation is not this data's, even with the same training
    const other = sim();
    other.source.scenario.days += 1;
    expect(keepsAhead(aheadRunKey(other), loaded, false)).toBe(false);
    // the spec's training changed since the run started: still this data's run (the page shows it stale)
    const detectors = sim();
    detectors.models.detectors = ['robust-z'];
    expect(aheadRunKey(detectors)).not.toBe(key);
    expect(keepsAhead(key, scenarioKey(detectors.source.scenario), false)).toBe(true);
  });
});
