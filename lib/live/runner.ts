/**
 * Runs a replay driver on a wall clock: at a speed (the replay clock moves `speed` ms per wall ms)
 * or as fast as possible (slices grow while a tick stays short, so messages like Pause get through
 * between ticks), with pause, resume, one-window steps, a speed change and cancel. The wall clock
 * and the timer are handed in: the worker passes performance.now and setTimeout, tests fake both.
 */
import type { Advance, ReplayDriver, ReplaySpeed } from './replay';

export interface ReplayStatus {
  clockMs: number;
  speed: ReplaySpeed;
  paused: boolean;
  done: boolean;
  cancelled: boolean;
  /** windows closed since the start (warm-up included) */
  windows: number;
  /** windows closed per wall second over the last few seconds */
  windowsPerSec: number;
  records: number;
  /** why the replay stopped, when it failed */
  error: string | null;
}

export interface RunnerHooks {
  now(): number;
  /** runs `fn` after `ms` (0: as soon as the thread is free); returns a cancel function */
  schedule(fn: () => void, ms: number): () => void;
  /** every advance that closed windows, in order */
  onAdvance(a: Advance): void;
  /** after every tick, step and control */
  onStatus(s: ReplayStatus): void;
}

/** A tick at "as fast as possible" aims to take about this long before yielding, ms. */
const MAX_TICK_MS = 40;
/** windows per slice at most (17 h of 1-minute windows: one slice's records stay a few MB) */
const MAX_CHUNK = 1024;
/** At a set speed the clock is moved at least this often, ms of wall time (charts move smoothly). */
const PACED_TICK_MS = 100;
/** windows/s is measured over this much wall time, ms */
const RATE_SPAN_MS = 3000;

export interface ReplayRunner {
  pause(): void;
  resume(): void;
  /** while paused: closes exactly the next window */
  step(): Promise<void>;
  setSpeed(speed: ReplaySpeed): void;
  cancel(): void;
  status(): ReplayStatus;
  /** settles when the replay is done, cancelled or failed */
  finished: Promise<ReplayStatus>;
}

/**
 * Starts the replay: warm-up windows (before the driver's `fromMs`) run as fast as possible, then
 * the clock runs at `speed` from the first shown window, unless started paused.
 */
export function startReplay(driver: ReplayDriver, speed: ReplaySpeed, hooks: RunnerHooks, startPaused = false): ReplayRunner {
  let current: ReplaySpeed = speed;
  let paused = startPaused;
  let cancelled = false;
  let error: string | null = null;
  let wall = hooks.now();
  let unschedule: (() => void) | null = null;
  // windows per "as fast as possible" tick: doubled while ticks stay short, halved when long
  let chunk = 1;
  const rate: { at: number; windows: number }[] = [];
  // advances run one at a time: a step pressed during a tick waits for it
  let chain: Promise<void> = Promise.resolve();
  let settle!: (s: ReplayStatus) => void;
  const finished = new Promise<ReplayStatus>((r) => (settle = r));
  let warmedUp = driver.clockMs >= driver.firstShownCloseAt();

  const status = (): ReplayStatus => {
    const now = hooks.now();
    while (rate.length > 1 && now - rate[0].at > RATE_SPAN_MS) rate.shift();
    const span = rate.length > 1 ? rate[rate.length - 1].at - rate[0].at : 0;
    const count = rate.slice(1).reduce((n, r) => n + r.windows, 0);
    return {
      clockMs: driver.clockMs,
      speed: current,
      paused,
      done: driver.done,
      cancelled,
      windows: driver.windowsClosed,
      windowsPerSec: span > 0 ? (count * 1000) / span : 0,
      records: driver.records,
      error,
    };
  };

  const ended = () => cancelled || error !== null || driver.done;

  const report = () => {
    const s = status();
    hooks.onStatus(s);
    if (ended()) settle(s);
  };

  const advance = async (t: number) => {
    const a = await driver.advanceTo(t);
    rate.push({ at: hooks.now(), windows: a.steps.length });
    if (a.steps.length > 0) hooks.onAdvance(a);
  };

  const serial = (fn: () => Promise<void>): Promise<void> => {
    const run = chain.then(async () => {
      if (ended()) return;
      try {
        await fn();
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      report();
    });
    chain = run;
    return run;
  };

  const plan = (ms: number) => {
    unschedule?.();
    unschedule = ended() || paused ? null : hooks.schedule(() => void serial(tick), ms);
  };

  async function tick() {
    unschedule = null;
    if (paused || ended()) return;
    const started = hooks.now();
    if (!warmedUp || current === 'max') {
      // as fast as possible: up to `chunk` windows per slice, slices until the tick's time is used
      do {
        const stopAt = warmedUp ? Infinity : driver.firstShownCloseAt();
        const t = Math.min(stopAt, driver.nextCloseAt() + (chunk - 1) * driver.windowMs);
        const before = hooks.now();
        await advance(t);
        const took = hooks.now() - before;
        // A band, not a point: each slice costs a fixed round trip to the engine (queries, messages,
        // a timer) on top of its per-window work. Halving whenever a slice took over a quarter of
        // the tick kept the browser at 1–2 windows a slice, paying that fixed cost per window
        // (45–63 windows/s measured); growing until a slice fills the tick amortises it.
        if (took < MAX_TICK_MS && chunk < MAX_CHUNK) chunk *= 2;
        else if (took > 2 * MAX_TICK_MS && chunk > 1) chunk = Math.max(1, chunk >> 1);
        if (!warmedUp && driver.clockMs >= stopAt) {
          warmedUp = true;
          // the paced clock starts at the first shown window's close, not where warm-up's wall time left it
          wall = hooks.now();
          if (current !== 'max') break;
        }
      } while (!ended() && !paused && hooks.now() - started < MAX_TICK_MS);
      wall = hooks.now();
      plan(0);
      return;
    }
    const now = hooks.now();
    const t = driver.clockMs + (now - wall) * current;
    wall = now;
    await advance(t);
    // wake for the next window's close, or sooner so the clock shown moves
    const untilClose = (driver.nextCloseAt() - driver.clockMs) / current;
    plan(Math.max(1, Math.min(PACED_TICK_MS, untilClose)));
  }

  plan(0);
  // the first status: where the clock stands before anything ran
  queueMicrotask(report);

  return {
    pause() {
      if (paused || ended()) return;
      paused = true;
      unschedule?.();
      unschedule = null;
      // reported once an advance in flight has landed: the clock a paused status shows does not move again
      void serial(async () => undefined);
    },
    resume() {
      if (!paused || ended()) return;
      paused = false;
      wall = hooks.now();
      plan(0);
      report();
    },
    step() {
      if (!paused) return Promise.resolve();
      // a step during warm-up lands on the first shown window
      return serial(() => advance(warmedUp ? driver.nextCloseAt() : driver.firstShownCloseAt()).then(() => void (warmedUp = true)));
    },
    setSpeed(s) {
      current = s;
      wall = hooks.now();
      if (!paused) plan(0);
      report();
    },
    cancel() {
      if (ended()) return;
      cancelled = true;
      unschedule?.();
      unschedule = null;
      report();
    },
    status,
    finished,
  };
}
