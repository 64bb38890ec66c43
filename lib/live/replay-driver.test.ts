import { describe, expect, it } from 'vitest';
import type { Batch, MetricBatch } from '../ingest/types';
import type { LiveStep, StreamScorer, WindowFeaturer, WindowRow } from './contract';
import { ReplayDriver, type RecordSource } from './replay';
import { startReplay, type RunnerHooks, type ReplayStatus } from './runner';
import type { Advance } from './replay';

const W = 60_000;
const T0 = Date.UTC(2026, 0, 5);

/** One metric record per 10 s from T0 for `n` windows. */
function records(n: number): number[] {
  return Array.from({ length: n * 6 }, (_, i) => T0 + i * 10_000);
}

function metricBatch(ts: number[]): MetricBatch {
  return { table: 'metrics', length: ts.length, ts: Float64Array.from(ts), source: ts.map(() => 'm.csv'), name: ts.map(() => 'cpu'), value: Float64Array.from(ts, () => 1) };
}

/** A source that remembers every slice asked for. */
function fakeSource(ts: number[]): RecordSource & { asked: [number, number][] } {
  const asked: [number, number][] = [];
  return {
    asked,
    slice: async (from, to) => {
      asked.push([from, to]);
      const inside = ts.filter((t) => t >= from && t < to);
      return inside.length ? [metricBatch(inside)] : [];
    },
  };
}

/** Counts records per window; closes windows whose end ≤ clock (no grace), empty ones included. */
function countingFeaturer(firstStart: number): WindowFeaturer & { seen: number[] } {
  const counts = new Map<number, number>();
  const seen: number[] = [];
  let next = firstStart;
  let lastTs = -Infinity;
  return {
    seen,
    push(b: Batch) {
      for (const t of b.ts) {
        if (t < lastTs) throw new Error('records out of order');
        lastTs = t;
        seen.push(t);
        const w = Math.floor(t / W) * W;
        counts.set(w, (counts.get(w) ?? 0) + 1);
      }
    },
    closeUntil(clock) {
      const rows: WindowRow[] = [];
      while (next + W <= clock) {
        rows.push({ start: next, values: Float64Array.of(counts.get(next) ?? 0) });
        next += W;
      }
      return rows;
    },
    late: () => ({}),
    snapshot: () => null,
  };
}

/** Score = the window's record count; fires at ≥ 6. */
function countScorer(): StreamScorer {
  return {
    features: ['records'],
    windowMs: W,
    step: (row): LiveStep => ({ row, detectors: [{ detector: 'count', score: row.values[0], threshold: 6, firing: row.values[0] >= 6 }], events: [] }),
    snapshot: () => null,
  };
}

function driver(n: number, fromWindow = 0) {
  const ts = records(n);
  const source = fakeSource(ts);
  const featurer = countingFeaturer(T0);
  const d = new ReplayDriver({ featurer, scorer: countScorer(), source, dataStartMs: T0, dataEndMs: ts[ts.length - 1] + 1, fromMs: T0 + fromWindow * W });
  return { d, source, featurer, ts };
}

describe('ReplayDriver', () => {
  it('hands every record over once, in time order, and closes windows on the clock', async () => {
    const { d, source, featurer, ts } = driver(10);
    const a = await d.advanceTo(T0 + 2.5 * W);
    expect(a.steps.map((s) => s.row.start)).toEqual([T0, T0 + W]);
    expect(a.steps.map((s) => s.detectors[0].score)).toEqual([6, 6]);
    // a step back is no step
    expect((await d.advanceTo(T0)).steps).toEqual([]);
    const b = await d.advanceTo(T0 + 100 * W);
    expect(b.steps).toHaveLength(8);
    expect(d.done).toBe(true);
    expect(featurer.seen).toEqual(ts);
    // slices are contiguous and do not overlap
    for (let i = 1; i < source.asked.length; i++) expect(source.asked[i][0]).toBe(source.asked[i - 1][1]);
    expect(d.windowsClosed).toBe(10);
    expect(d.records).toBe(ts.length);
  });

  it('moves the clock by whole ms, so a paced clock\'s fractional reading never reaches a slice bound', async () => {
    const { d, source } = driver(3);
    await d.advanceTo(T0 + 89_999.924);
    expect(d.clockMs).toBe(T0 + 89_999);
    await d.advanceTo(T0 + 90_500.5);
    expect(source.asked).toEqual([
      [T0, T0 + 89_999],
      [T0 + 89_999, T0 + 90_500],
    ]);
  });

  it('knows when the next window closes, with a grace', async () => {
    const ts = records(5);
    const d = new ReplayDriver({ featurer: countingFeaturer(T0), scorer: countScorer(), source: fakeSource(ts), dataStartMs: T0, dataEndMs: ts[ts.length - 1] + 1, fromMs: T0, graceMs: 5000 });
    expect(d.nextCloseAt()).toBe(T0 + W + 5000);
    await d.advanceTo(T0 + W + 5000);
    expect(d.nextCloseAt()).toBe(T0 + 2 * W + 5000);
    expect(d.endClockMs).toBe(T0 + 5 * W + 5000);
  });

  it('flags windows before the shown start as warm-up', async () => {
    const { d } = driver(10, 4);
    const a = await d.advanceTo(d.firstShownCloseAt());
    expect(a.steps).toHaveLength(5);
    expect(a.warmup).toBe(4);
  });

  it('feeds rows before the scorer’s first window to the featurer only', async () => {
    const ts = records(10);
    const featurer = countingFeaturer(T0);
    const d = new ReplayDriver({ featurer, scorer: countScorer(), source: fakeSource(ts), dataStartMs: T0, dataEndMs: ts[ts.length - 1] + 1, fromMs: T0 + 6 * W, scoreFromMs: T0 + 4 * W });
    const a = await d.advanceTo(T0 + 100 * W);
    expect(a.steps.map((s) => (s.row.start - T0) / W)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(a.warmup).toBe(2);
    expect(featurer.seen).toEqual(ts);
    expect(() => new ReplayDriver({ featurer, scorer: countScorer(), source: fakeSource(ts), dataStartMs: T0, dataEndMs: T0 + 10 * W, fromMs: T0 + 2 * W, scoreFromMs: T0 + 4 * W })).toThrow(
      /before the first window the scorer can score/,
    );
  });

  it('refuses a start outside the data, naming it', () => {
    expect(() => new ReplayDriver({ featurer: countingFeaturer(T0), scorer: countScorer(), source: fakeSource([]), dataStartMs: T0, dataEndMs: T0 + W, fromMs: T0 + 2 * W })).toThrow(
      /start 2026-01-05T00:02:00.000Z is outside the data/,
    );
  });
});

/** A fake wall clock and timer queue: `run` fires due timers in order, moving the clock. */
function fakeTime() {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const advances: Advance[] = [];
  const statuses: ReplayStatus[] = [];
  const hooks: RunnerHooks = {
    now: () => now,
    schedule(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: now + ms, fn });
      return () => void timers.delete(id);
    },
    onAdvance: (a) => advances.push(a),
    onStatus: (s) => statuses.push(s),
  };
  const flush = () => new Promise<void>((r) => setTimeout(r, 0));
  return {
    hooks,
    advances,
    statuses,
    /** moves the wall clock to `until`, firing timers as they fall due */
    async run(until: number) {
      for (;;) {
        await flush();
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
        await flush();
      }
      now = until;
      await flush();
    },
    pending: () => timers.size,
  };
}

const shown = (advances: Advance[]) => advances.flatMap((a) => a.steps.slice(a.warmup).map((s) => s.row.start));

describe('startReplay', () => {
  it('at 10× closes a 1-minute window every 6 s of wall time', async () => {
    const { d } = driver(30);
    const t = fakeTime();
    const r = startReplay(d, 10, t.hooks);
    await t.run(1); // the first window closes at once (it is the start)
    expect(shown(t.advances)).toEqual([T0]);
    await t.run(6_000 + 1);
    expect(shown(t.advances)).toEqual([T0, T0 + W]);
    await t.run(60_000 + 1);
    expect(shown(t.advances)).toHaveLength(11);
    r.cancel();
    expect((await r.finished).cancelled).toBe(true);
  });

  it('pause stops the clock, step closes exactly one window, resume goes on', async () => {
    const { d } = driver(30);
    const t = fakeTime();
    const r = startReplay(d, 100, t.hooks);
    await t.run(600 * 3 + 1);
    r.pause();
    const clock = r.status().clockMs;
    const n = shown(t.advances).length;
    await t.run(100_000);
    expect(r.status().clockMs).toBe(clock);
    expect(shown(t.advances)).toHaveLength(n);
    await r.step();
    expect(shown(t.advances)).toHaveLength(n + 1);
    expect(shown(t.advances).at(-1)).toBe(shown(t.advances).at(-2)! + W);
    await r.step();
    expect(shown(t.advances)).toHaveLength(n + 2);
    r.resume();
    await t.run(100_000 + 600 + 1);
    expect(shown(t.advances).length).toBeGreaterThan(n + 2);
    r.cancel();
  });

  it('as fast as possible runs to the end without a wall-clock wait, every window once', async () => {
    const { d } = driver(200, 50);
    const t = fakeTime();
    const r = startReplay(d, 'max', t.hooks);
    await t.run(0);
    const s = await r.finished;
    expect(s.done).toBe(true);
    expect(s.windows).toBe(200);
    const all = t.advances.flatMap((a) => a.steps.map((x) => x.row.start));
    expect(all).toEqual(Array.from({ length: 200 }, (_, i) => T0 + i * W));
    expect(shown(t.advances)).toHaveLength(150);
    expect(t.pending()).toBe(0);
  });

  it('warm-up runs fast, then the clock runs at speed from the first shown window', async () => {
    const { d } = driver(100, 60);
    const t = fakeTime();
    startReplay(d, 1, t.hooks);
    await t.run(1);
    expect(shown(t.advances)).toEqual([T0 + 60 * W]);
    expect(t.advances.reduce((n, a) => n + a.warmup, 0)).toBe(60);
    await t.run(59_000);
    expect(shown(t.advances)).toHaveLength(1);
    await t.run(60_001);
    expect(shown(t.advances)).toEqual([T0 + 60 * W, T0 + 61 * W]);
  });

  it('a pause during an advance in flight is reported once it has landed, and the clock stays there', async () => {
    let release!: () => void;
    const ts = records(30);
    const slow: RecordSource = {
      slice: (from, to) => new Promise((r) => (release = () => r([metricBatch(ts.filter((t) => t >= from && t < to))]))),
    };
    const d = new ReplayDriver({ featurer: countingFeaturer(T0), scorer: countScorer(), source: slow, dataStartMs: T0, dataEndMs: ts[ts.length - 1] + 1, fromMs: T0 });
    const t = fakeTime();
    const r = startReplay(d, 'max', t.hooks);
    await t.run(0);
    // the first slice is being fetched: pause now
    r.pause();
    expect(t.statuses.filter((s) => s.paused)).toHaveLength(0);
    release();
    await t.run(10);
    const paused = t.statuses.filter((s) => s.paused);
    expect(paused.length).toBeGreaterThan(0);
    // every paused status shows the same clock: the one the landed advance left
    expect(new Set(paused.map((s) => s.clockMs))).toEqual(new Set([r.status().clockMs]));
    expect(paused[0].clockMs).toBeGreaterThan(T0);
    await t.run(10_000);
    expect(r.status().clockMs).toBe(paused[0].clockMs);
    r.cancel();
  });

  it('a speed change takes effect from the next tick', async () => {
    const { d } = driver(100);
    const t = fakeTime();
    const r = startReplay(d, 1, t.hooks);
    await t.run(1);
    r.setSpeed(1000);
    await t.run(1000);
    // 1000 s of replay time in one wall second: ~16 more windows
    expect(shown(t.advances).length).toBeGreaterThanOrEqual(16);
    expect(r.status().speed).toBe(1000);
    r.cancel();
  });

  it('a failing source stops the replay with its message', async () => {
    const d = new ReplayDriver({
      featurer: countingFeaturer(T0),
      scorer: countScorer(),
      source: { slice: async () => Promise.reject(new Error('engine restarted')) },
      dataStartMs: T0,
      dataEndMs: T0 + 10 * W,
      fromMs: T0,
    });
    const t = fakeTime();
    const r = startReplay(d, 'max', t.hooks);
    await t.run(0);
    expect((await r.finished).error).toBe('engine restarted');
  });
});
