import { describe, expect, it } from 'vitest';
import { openNative } from '../lib/db/native';
import { createSchema } from '../lib/db/schema';
import { simulateInto } from '../lib/jobs/simulate';
import { loadFeatures } from '../lib/eval/frame';
import { defaultFeatures } from '../lib/features/catalogue';
import { benchScenario, subFrame } from './quality';
import { EWMA_CHAIN, EWMA_ONE_AT_A_TIME, lastingAtLeast, previousDefaults, variantFeatures } from './quality-variants';

describe('quality bench', () => {
  // the bench loads every variant's features once and takes columns out: that must equal loading them alone
  it('takes a variant’s columns out of one load with more features, equal to loading them alone', async () => {
    const s = benchScenario('web-shop', 3);
    s.days = 1;
    s.traffic.rps = 0.2;
    const db = await openNative();
    try {
      await createSchema(db);
      await simulateInto(db, s);
      const names = ['cpu_pct', 'disk_pct', 'ram_pct'];
      const defaults = defaultFeatures(names);
      const all = await loadFeatures(db, 60, variantFeatures(names, defaults), { trainFraction: 0.5 });
      for (const ids of [defaults, previousDefaults(names)]) {
        const alone = await loadFeatures(db, 60, ids, { trainFraction: 0.5 });
        expect(subFrame(all, ids)).toEqual(alone);
      }
    } finally {
      await db.close();
    }
  }, 60_000);

  it('every variant reads features of the catalogue, the chain ends at the current defaults', () => {
    const names = ['cpu_pct', 'disk_pct', 'ram_pct'];
    const d = defaultFeatures(names);
    expect(EWMA_CHAIN.at(-1)!.features(names, d)).toEqual(d);
    expect(EWMA_CHAIN.at(-1)!.params).toBeUndefined();
    for (const v of EWMA_ONE_AT_A_TIME) expect(v.features(names, d).length).toBeGreaterThan(0);
    expect(previousDefaults(names)).toContain('metric_mean:disk_pct');
    expect(() => subFrame({ starts: new Float64Array(0), features: ['a'], X: [], fitUntilMs: null }, ['b'])).toThrow('feature b was not loaded');
  });

  it('keeps an alarm only once the score has stayed above the threshold for k windows', () => {
    expect(Array.from(lastingAtLeast(3)(Float64Array.from([5, 1, 5, 5, 5, 2])))).toEqual([5, 1, 1, 1, 5, 2]);
  });
});
