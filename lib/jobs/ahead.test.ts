import { describe, expect, it } from 'vitest';
import { GeneratedAhead, frameAhead, simulatedLabels } from './ahead';
import { scenarioKey } from './scenario-key';
import { openNative } from '../db/native';
import { createSchema, readLabels } from '../db/schema';
import { simulateInto } from './simulate';
import { frameOfBatches } from '../live/batch-frame';
import { defaultSpec } from '../spec/defaults';
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

  it('held for a frame, keeps every batch while DuckDB takes them, and the frame is the one of a fresh run', async () => {
    const fresh = [...generateBatches(scenario)];
    const ahead = new GeneratedAhead(scenario);
    await ahead.fill(() => ahead.held >= 2, 0, noPause);
    const claimed = ahead.claim(ahead.key)!;
    const pending = frameAhead(ahead, scenario, 60, null, { trainFraction: 0.5 }, { sliceMs: 0, pause: noPause });
    // DuckDB takes every batch (driving the generator) while the frame waits for them
    expect([...claimed]).toEqual(fresh);
    const got = await pending;
    expect(got).not.toBeNull();
    expect(got!.frame).toEqual(frameOfBatches(fresh, 60, null, { trainFraction: 0.5 }));
    expect(got!.labels).toEqual(simulatedLabels(scenario));
    // a second frame finds the rows freed
    expect(await frameAhead(ahead, scenario, 60, null, {}, { sliceMs: 0, pause: noPause })).toBeNull();
  });

  it('gives no frame for another scenario, or once DuckDB has taken rows it did not hold', async () => {
    const ahead = new GeneratedAhead(scenario);
    expect(await frameAhead(ahead, { ...scenario, seed: scenario.seed + 1 }, 60, null, {}, { sliceMs: 0, pause: noPause })).toBeNull();
    await ahead.fill(() => ahead.held >= 2, 0, noPause);
    const it = ahead.claim(ahead.key)![Symbol.iterator]();
    it.next();
    expect(await frameAhead(ahead, scenario, 60, null, {}, { sliceMs: 0, pause: noPause })).toBeNull();
  });

  it('labels the simulation as the engine labels table answers them', async () => {
    const spec = defaultSpec();
    if (spec.source.kind !== 'simulator') throw new Error('the default source is a simulation');
    const db = await openNative();
    try {
      await createSchema(db);
      for (const s of [spec.source.scenario, { ...PRESETS['ssh-attack'].scenario, seed: 3 } as Scenario]) {
        await simulateInto(db, s);
        const labels = simulatedLabels(s);
        expect(labels.length).toBeGreaterThan(0);
        expect(labels).toEqual(await readLabels(db));
      }
    } finally {
      db.close();
    }
  }, 60_000);

  it('abandoned for other data before the claim: generating stops and a waiting frame gets none', async () => {
    const ahead = new GeneratedAhead(scenario);
    await ahead.fill(() => ahead.held >= 1, 0, noPause);
    let pauses = 0;
    const pending = frameAhead(ahead, scenario, 60, null, {}, { sliceMs: 0, pause: () => (++pauses === 2 && ahead.abandon(), Promise.resolve()) });
    expect(await pending).toBeNull();
    expect(ahead.held).toBe(0);
    expect(ahead.claim(ahead.key)).toBeNull();
    // once claimed, the rows are the page's: abandoning does nothing
    const claimed = new GeneratedAhead(scenario);
    const rows = claimed.claim(claimed.key)!;
    claimed.abandon();
    expect([...rows].length).toBe([...generateBatches(scenario)].length);
  });

  it('a dropped frame (the run came from the cache) stops generating for it and gets none; the claim still gets every row', async () => {
    const ahead = new GeneratedAhead(scenario);
    let pauses = 0;
    const pending = frameAhead(ahead, scenario, 60, null, {}, { sliceMs: 0, pause: () => (++pauses === 2 && ahead.dropFrame(), Promise.resolve()) });
    expect(await pending).toBeNull();
    expect(ahead.held).toBe(2);
    expect([...ahead.claim(ahead.key)!]).toEqual([...generateBatches(scenario)]);
    expect(await frameAhead(ahead, scenario, 60, null, {}, { sliceMs: 0, pause: noPause })).toBeNull();
  });
});
