import { describe, expect, it } from 'vitest';
import { GeneratedAhead, scenarioKey } from './ahead';
import { generateBatches } from '../../simulator/batches';
import { PRESETS, type Scenario } from '../../simulator/scenario';

const scenario = structuredClone(PRESETS['quiet-week'].scenario) as Scenario;
scenario.days = 1;
scenario.traffic.rps = 2;

const noPause = () => Promise.resolve();

describe('rows generated ahead of the engine', () => {
  it('hands out exactly the batches of a fresh run, those in hand first, then the rest', async () => {
    const fresh = [...generateBatches(scenario)];
    expect(fresh.length).toBeGreaterThan(3);
    const ahead = new GeneratedAhead(scenario);
    let pulls = 0;
    // stops part-way, as when the page asks before generation is done
    await ahead.fill(() => pulls++ >= 2, 0, noPause);
    expect(ahead.held).toBe(2);
    const claimed = ahead.claim(scenarioKey(structuredClone(scenario)));
    expect(claimed).not.toBeNull();
    expect([...claimed!]).toEqual(fresh);
  });

  it('stops generating once claimed (the page asks while it pauses), and is claimed once', async () => {
    const ahead = new GeneratedAhead(scenario);
    let claimed: Iterable<unknown> | null = null;
    const claimOnPause = () => {
      claimed ??= ahead.claim(ahead.key);
      return Promise.resolve();
    };
    await ahead.fill(() => false, 0, claimOnPause);
    // one batch was in hand when the claim came; nothing was generated into the buffer after it
    expect(ahead.held).toBe(1);
    expect(claimed).not.toBeNull();
    expect(ahead.claim(ahead.key)).toBeNull();
  });

  it('is not handed out for another scenario (a changed seed)', async () => {
    const ahead = new GeneratedAhead(scenario);
    await ahead.fill(() => ahead.held >= 1, 0, noPause);
    expect(ahead.claim(scenarioKey({ ...scenario, seed: scenario.seed + 1 }))).toBeNull();
    expect(ahead.claim(ahead.key)).not.toBeNull();
  });

  it('drops a scenario that cannot be generated, so the real run reports it', async () => {
    const bad = { ...scenario, days: -1 };
    expect(() => [...generateBatches(bad)]).toThrow();
    const ahead = new GeneratedAhead(bad);
    await ahead.fill(() => false, 0, noPause);
    expect(ahead.claim(ahead.key)).toBeNull();
  });
});
