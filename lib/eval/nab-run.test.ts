import { describe, expect, it } from 'vitest';
import { NAB_PARAMS, runNab, type NabDataFile } from './nab-run';

const STEP = 5 * 60_000;
const T0 = Date.UTC(2020, 0, 1);

/** A skewed series (rare tall values in the probation, so its mean and median differ) with a planted shift. */
function file(name: string, shiftAt: number): NabDataFile {
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < 400; i++) {
    timestamps.push(T0 + i * STEP);
    const base = 10 + Math.sin(i / 5) + (i % 17 === 0 ? 30 : 0);
    values.push(i >= shiftAt && i < shiftAt + 20 ? base + 12 : base);
  }
  return { name, timestamps, values, windows: [{ start: T0 + (shiftAt - 5) * STEP, end: T0 + (shiftAt + 25) * STEP }] };
}

const files = [file('c/a.csv', 250), file('c/b.csv', 300)];
/** what the run makes of the raw EWMA scores: the swept threshold and the per-file scores, per profile */
const perFile = async (params?: NonNullable<Parameters<typeof runNab>[3]>['params']) => {
  const r = await runNab(files, ['ewma'], {}, { seed: 1, params });
  return { thresholds: Object.values(r.profiles).map((p) => p.thresholds.ewma), scores: r.perFile.map((f) => f.ours.ewma) };
};

describe('NAB run hyperparameters', () => {
  it('centres EWMA on the probation mean unless the caller says otherwise', async () => {
    expect(NAB_PARAMS.ewma?.center).toBe('mean');
    const byDefault = await perFile();
    expect(byDefault).toEqual(await perFile({ ewma: { center: 'mean' } }));
    expect(byDefault).not.toEqual(await perFile({ ewma: { center: 'median' } }));
  });

  it("merges the caller's options over NAB_PARAMS per detector", async () => {
    expect(await perFile({ ewma: { lambda: 0.3 } })).toEqual(await perFile({ ewma: { lambda: 0.3, center: 'mean' } }));
  });
});
