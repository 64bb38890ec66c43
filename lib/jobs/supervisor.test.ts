import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ENGINE_LIMITS, Supervisor, withTimeLimit, type Health, type Supervised } from './supervisor';
import { Watchdog } from './watchdog';

/** A worker whose start, pings and crashes the test decides. */
class FakeWorker implements Supervised {
  ready: Promise<unknown>;
  resolveReady!: () => void;
  rejectReady!: (e: Error) => void;
  terminated = false;
  answersPings = true;
  pings = 0;
  constructor(readonly crash: (message: string) => void) {
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = () => resolve(true);
      this.rejectReady = reject;
    });
  }
  ping(): Promise<unknown> {
    this.pings++;
    return this.answersPings && !this.terminated ? Promise.resolve(true) : new Promise(() => undefined);
  }
  terminate(): void {
    // like a comlink proxy, a handle refuses to be released twice
    if (this.terminated) throw new TypeError('Proxy has been released and is not useable');
    this.terminated = true;
  }
  /** a call that answers only when told */
  pending<T>(): { promise: Promise<T>; answer: (v: T) => void } {
    let answer!: (v: T) => void;
    const promise = new Promise<T>((resolve) => {
      answer = resolve;
    });
    return { promise, answer };
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const seen: Health[] = [];
  const sup = new Supervisor<FakeWorker>(
    (onError) => {
      const w = new FakeWorker(onError);
      workers.push(w);
      return w;
    },
    ENGINE_LIMITS,
    (h) => seen.push(h),
  );
  sup.start();
  return { sup, workers, seen };
}

/** Lets settled promises run their callbacks. */
const flush = () => vi.advanceTimersByTimeAsync(0);

describe('Supervisor', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is ready when the worker says so, and pings it while idle', async () => {
    const { sup, workers } = setup();
    expect(sup.health).toEqual({ state: 'starting', generation: 1 });
    workers[0].resolveReady();
    await flush();
    expect(sup.health).toEqual({ state: 'ready', generation: 1 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(workers[0].pings).toBeGreaterThanOrEqual(15);
    expect(sup.health.state).toBe('ready');
    expect(await sup.call(async () => 42)).toBe(42);
  });

  it('says within 8 s that a start hangs (a missing wasm file), and recovers if it was only slow', async () => {
    const { sup, workers } = setup();
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.startMs - 1);
    expect(sup.health.state).toBe('starting');
    await vi.advanceTimersByTimeAsync(1);
    expect(sup.health).toMatchObject({ state: 'failed', cause: 'start-timeout', message: expect.stringContaining('did not start within 8 s') });
    expect(ENGINE_LIMITS.startMs).toBeLessThan(10_000);
    workers[0].resolveReady();
    await flush();
    expect(sup.health).toEqual({ state: 'ready', generation: 1 });
  });

  it('reports a failed start with its reason, fails calls with it, and stops the worker', async () => {
    const { sup, workers } = setup();
    const call = sup.call(async () => 'never');
    workers[0].rejectReady(new Error('the DuckDB engine file /duckdb/duckdb-eh.wasm could not be loaded (HTTP 404)'));
    await expect(call).rejects.toThrow('could not be loaded (HTTP 404)');
    expect(sup.health).toMatchObject({ state: 'failed', cause: 'start', message: expect.stringContaining('HTTP 404') });
    expect(workers[0].terminated).toBe(true);
    await expect(sup.call(async () => 1)).rejects.toThrow('HTTP 404');
  });

  it('treats an error event before ready as a failed start (a worker script that did not load)', async () => {
    const { sup, workers } = setup();
    workers[0].crash('');
    expect(sup.health).toMatchObject({ state: 'failed', cause: 'start', message: 'its script could not be loaded' });
    await expect(sup.call(async () => 1)).rejects.toThrow('its script could not be loaded');
  });

  it('notices a crash after ready, fails what was waiting, and restarts into a fresh worker', async () => {
    const { sup, workers, seen } = setup();
    workers[0].resolveReady();
    await flush();
    const slow = workers[0].pending<string>();
    const waiting = sup.call(() => slow.promise);
    workers[0].crash('Out of memory');
    await expect(waiting).rejects.toThrow('The data engine crashed: Out of memory');
    expect(sup.health).toMatchObject({ state: 'failed', cause: 'crash', generation: 1 });
    expect(workers[0].terminated).toBe(true);
    await expect(sup.call(async () => 1)).rejects.toThrow('crashed');

    sup.restart('asked by the user');
    expect(sup.health).toEqual({ state: 'starting', generation: 2 });
    const queued = sup.call(async (w) => workers.indexOf(w));
    workers[1].resolveReady();
    expect(await queued).toBe(1);
    expect(sup.health).toEqual({ state: 'ready', generation: 2 });
    expect(seen.map((h) => h.state)).toEqual(['starting', 'ready', 'failed', 'starting', 'ready']);
  });

  it('reports a worker that stopped answering (dead, or stuck in a long query) within the silence limit, and clears it on an answer', async () => {
    const { sup, workers, seen } = setup();
    workers[0].resolveReady();
    await flush();
    const stuck = workers[0].pending<string>();
    const call = sup.call(() => stuck.promise);
    workers[0].answersPings = false;
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.silenceMs - ENGINE_LIMITS.pingMs);
    expect(sup.health.state).toBe('ready');
    await vi.advanceTimersByTimeAsync(2 * ENGINE_LIMITS.pingMs);
    expect(sup.health).toMatchObject({ state: 'unresponsive', generation: 1 });
    expect((sup.health as { silentMs: number }).silentMs).toBeGreaterThanOrEqual(ENGINE_LIMITS.silenceMs);
    // said once, not on every tick: each change re-renders the page while the engine is busy
    const changes = seen.length;
    await vi.advanceTimersByTimeAsync(10 * ENGINE_LIMITS.pingMs);
    expect(seen.length).toBe(changes);
    // it was only busy: the answer clears the alarm
    stuck.answer('done');
    expect(await call).toBe('done');
    expect(sup.health).toEqual({ state: 'ready', generation: 1 });
  });

  it('counts progress messages as signs of life', async () => {
    const { sup, workers } = setup();
    workers[0].resolveReady();
    await flush();
    workers[0].answersPings = false;
    const long = workers[0].pending<void>();
    void sup.call(() => long.promise);
    for (let t = 0; t < 60_000; t += 1000) {
      sup.alive();
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(sup.health.state).toBe('ready');
  });

  it('a restart fails the old worker\'s pending calls with the reason and ignores its late answers', async () => {
    const { sup, workers } = setup();
    workers[0].resolveReady();
    await flush();
    const old = workers[0].pending<string>();
    const call = sup.call(() => old.promise);
    sup.restart('a query ran longer than 30 s');
    await expect(call).rejects.toThrow('The data engine was restarted: a query ran longer than 30 s');
    expect(workers[0].terminated).toBe(true);
    old.answer('late');
    workers[0].crash('late error');
    await flush();
    expect(sup.health).toEqual({ state: 'starting', generation: 2 });
    sup.dispose();
    expect(workers[1].terminated).toBe(true);
    await expect(sup.call(async () => 1)).rejects.toThrow('not running');
  });
});

describe('withTimeLimit', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops a query that runs past its limit and says why', async () => {
    const stop = vi.fn();
    const r = withTimeLimit(() => new Promise(() => undefined), { limitMs: ENGINE_LIMITS.queryMs, stop });
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.queryMs - 1);
    expect(stop).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(await r).toEqual({ ok: false, error: { kind: 'timeout', message: 'Stopped after 30 s, the time limit for a query.' } });
    expect(stop).toHaveBeenCalledWith('a query ran longer than 30 s');
  });

  it('stops on cancel, and leaves a query that answers in time alone', async () => {
    const stop = vi.fn();
    const ctrl = new AbortController();
    const r = withTimeLimit(() => new Promise(() => undefined), { limitMs: 30_000, signal: ctrl.signal, stop });
    ctrl.abort();
    expect(await r).toEqual({ ok: false, error: { kind: 'cancelled', message: 'Cancelled' } });
    expect(stop).toHaveBeenCalledWith('a query was cancelled');

    const quick = vi.fn();
    const ok = withTimeLimit(async () => ({ ok: true as const, value: 1 }), { limitMs: 30_000, signal: new AbortController().signal, stop: quick });
    expect(await ok).toEqual({ ok: true, value: 1 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(quick).not.toHaveBeenCalled();
    await expect(withTimeLimit(async () => 1, { limitMs: 0, stop })).rejects.toThrow('invalid time limit: 0 ms');
  });
});

describe('Watchdog', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires once after the limit without a feed, never while fed or after stop', async () => {
    const fired = vi.fn();
    const dog = new Watchdog(10_000, fired);
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(9_000);
      dog.feed();
    }
    expect(fired).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fired).toHaveBeenCalledTimes(1);
    dog.feed();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fired).toHaveBeenCalledTimes(1);
    const other = vi.fn();
    new Watchdog(1000, other).stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(other).not.toHaveBeenCalled();
  });
});
