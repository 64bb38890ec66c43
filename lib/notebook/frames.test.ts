import { describe, expect, it } from 'vitest';
import type { EngineResult } from '../jobs/result';
import { FRAMES_KEPT, FrameCache, frameKey, type FrameRequest } from './frames';

type F = { features: string[]; n: number };

function engine(defaults: string[]) {
  const calls: FrameRequest[] = [];
  let fail = false;
  const fetch = async (r: FrameRequest): Promise<EngineResult<F>> => {
    calls.push(r);
    await new Promise((res) => setTimeout(res, 1));
    if (fail) return { ok: false, error: { kind: 'sql', message: 'boom' } };
    return { ok: true, value: { features: [...(r.features ?? defaults)], n: calls.length } };
  };
  return { calls, fetch, setFail: (f: boolean) => (fail = f) };
}

const R: FrameRequest = { windowSec: 60, features: ['requests', 'p90_ms'], fit: { trainFraction: 0.5 } };

describe('the feature frame is fetched once per (window, features, fit span)', () => {
  it('two callers asking for the same frame share one fetch', async () => {
    const e = engine([]);
    const c = new FrameCache(1, e.fetch);
    const [a, b] = await Promise.all([c.get(R), c.get({ ...R, features: [...R.features!] })]);
    expect(e.calls).toHaveLength(1);
    expect(a).toBe(b);
  });

  it('a change of window, features or fit span fetches again', async () => {
    const e = engine([]);
    const c = new FrameCache(1, e.fetch);
    await c.get(R);
    await c.get({ ...R, windowSec: 300 });
    await c.get({ ...R, features: ['requests'] });
    await c.get({ ...R, fit: { trainFraction: 0.6 } });
    await c.get({ ...R, fit: { fitUntilMs: 0 } });
    expect(e.calls).toHaveLength(5);
    expect(new Set([R, { ...R, windowSec: 300 }].map(frameKey)).size).toBe(2);
  });

  it('the defaults (null) and the same list spelled out cost one fetch; another list its own', async () => {
    const e = engine(['requests', 'p90_ms']);
    const c = new FrameCache(1, e.fetch);
    const eval_ = c.get({ ...R, features: null });
    const cell = c.get(R);
    expect((await cell).ok && (await eval_).ok).toBe(true);
    expect(e.calls).toHaveLength(1);
    await c.get({ ...R, features: ['requests'] });
    expect(e.calls).toHaveLength(2);
  });

  it('a failed fetch is not kept (Retry asks again); old frames are let go', async () => {
    const e = engine([]);
    const c = new FrameCache(1, e.fetch);
    e.setFail(true);
    expect((await c.get(R)).ok).toBe(false);
    e.setFail(false);
    expect((await c.get(R)).ok).toBe(true);
    expect(e.calls).toHaveLength(2);
    for (let w = 1; w <= FRAMES_KEPT; w++) await c.get({ ...R, windowSec: 60 * (w + 1) });
    await c.get(R);
    expect(e.calls).toHaveLength(2 + FRAMES_KEPT + 1);
  });

  it('a seeded frame answers its request and the explicit list of the defaults without a fetch; a seed that comes to nothing asks the engine', async () => {
    const e = engine(['requests', 'p90_ms']);
    const c = new FrameCache(1, e.fetch);
    const seeded: F = { features: ['requests', 'p90_ms'], n: -1 };
    c.seed({ ...R, features: null }, Promise.resolve({ ok: true, value: seeded }));
    expect(await c.get({ ...R, features: null })).toEqual({ ok: true, value: seeded });
    expect(await c.get(R)).toEqual({ ok: true, value: seeded });
    expect(e.calls).toHaveLength(0);

    const none = new FrameCache(2, e.fetch);
    none.seed(R, Promise.resolve(null));
    const got = await none.get(R);
    expect(e.calls).toEqual([R]);
    expect(got.ok && got.value.n).toBe(1);
  });
});
