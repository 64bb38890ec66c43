/**
 * Supervision of the page's workers. The engine worker runs DuckDB synchronously, so nothing can
 * interrupt it from outside except terminating it; and a worker that failed to load, crashed or
 * ran out of memory often just stops answering, with no event at all. So the page watches:
 *
 * - the start: the worker must say it is ready within `startMs`, or the page says so;
 * - its `error` event: before ready it is a failed start, after ready a crash (the worker is
 *   stopped, and the page offers a restart);
 * - silence: while anything waits on the worker (a call, or the ping sent every `pingMs`), an
 *   answer must come within `silenceMs`, else it is reported unresponsive (busy or dead: the page
 *   offers a restart and keeps waiting);
 * - time limits: a call with a limit (SQL cells) that runs past it, or is cancelled, restarts the
 *   worker, the only way to stop DuckDB mid-query.
 *
 * Pure TypeScript: the worker, its calls and the clock are handed in, so tests drive it with fake
 * workers and fake timers (supervisor.test.ts); app/clients/engine.ts runs it over a Web Worker.
 */
import { systemClock, type Clock } from './clock';

export const ENGINE_LIMITS = {
  /** the worker script, DuckDB's wasm (≈ 35 MB) and its start must be done within 8 s (≈ 3 s measured) */
  startMs: 8_000,
  /** a worker that has not answered for 15 s while something waits on it is reported unresponsive */
  silenceMs: 15_000,
  /** a ping every 3 s keeps the silence measured when nothing else is asked */
  pingMs: 3_000,
  /** a SQL cell's query is stopped (the engine restarted, the data reloaded) after 30 s */
  queryMs: 30_000,
} as const;

export interface SupervisorLimits {
  startMs: number;
  silenceMs: number;
  pingMs: number;
}

export interface Supervised {
  /** settles once the worker can take calls (rejects with why it cannot) */
  ready: Promise<unknown>;
  /** a cheap round trip */
  ping(): Promise<unknown>;
  terminate(): void;
}

export type Health =
  | { state: 'starting'; generation: number }
  | { state: 'ready'; generation: number }
  /** something had waited `silentMs` for an answer when this was noticed: busy with a long task, or dead */
  | { state: 'unresponsive'; generation: number; silentMs: number }
  | { state: 'failed'; generation: number; cause: 'start' | 'start-timeout' | 'crash'; message: string };

interface Live<W> {
  generation: number;
  worker: W;
  /** rejects when this worker is stopped (restart, crash, failed start, dispose) */
  stopped: Promise<never>;
  /** rejects `stopped` and terminates the worker, once */
  stop(reason: Error): void;
  isStopped: boolean;
  /** resolves when ready; rejects when the start failed or the worker was stopped first */
  started: Promise<void>;
}

function stoppedError(message: string): Error {
  return Object.assign(new Error(message), { name: 'WorkerStopped' });
}

export class Supervisor<W extends Supervised> {
  private live: Live<W> | null = null;
  private generation = 0;
  private outstanding = 0;
  /** when the worker last answered, or when waiting on it began */
  private quietSince = 0;
  private pinging = false;
  private tick: unknown = null;
  private startTimer: unknown = null;
  private current: Health = { state: 'starting', generation: 0 };
  private disposed = false;

  constructor(
    /** starts a worker; it reports its `error` events through `onError` */
    private readonly spawn: (onError: (message: string) => void) => W,
    private readonly limits: SupervisorLimits,
    private readonly onHealth: (h: Health) => void,
    private readonly clock: Clock = systemClock,
    /** what a worker is called in messages: "the data engine" */
    private readonly what = 'the data engine',
  ) {}

  get health(): Health {
    return this.current;
  }

  /** Starts the first worker. */
  start(): void {
    if (this.live === null && !this.disposed) this.launch();
  }

  /**
   * Runs `fn` on the live worker once it is ready. Rejects when the start failed, or when the
   * worker is stopped (restarted, crashed, disposed) before `fn` settles.
   */
  async call<T>(fn: (worker: W) => Promise<T>): Promise<T> {
    const live = this.live;
    if (live === null || this.disposed) throw stoppedError(`${this.what} is not running`);
    await live.started;
    if (live.isStopped) return live.stopped;
    this.begin();
    try {
      return await Promise.race([fn(live.worker), live.stopped]);
    } finally {
      if (this.live === live) this.answered(-1);
    }
  }

  /** A sign of life that is not an answer (a progress message). */
  alive(): void {
    if (this.live !== null) this.answered(0);
  }

  /** Stops the live worker (its pending calls reject with `why`) and starts a fresh one. */
  restart(why: string): void {
    if (this.disposed) return;
    this.stopLive(stoppedError(`${capitalise(this.what)} was restarted: ${why}`));
    this.launch();
  }

  dispose(): void {
    this.disposed = true;
    this.stopLive(stoppedError(`${this.what} was closed`));
  }

  private launch(): void {
    const generation = ++this.generation;
    let reject!: (e: Error) => void;
    const stopped = new Promise<never>((_, r) => {
      reject = r;
    });
    stopped.catch(() => undefined);
    const live = { generation, stopped, isStopped: false } as Live<W>;
    live.stop = (reason) => {
      if (live.isStopped) return;
      live.isStopped = true;
      reject(reason);
      // a terminated worker's handle may refuse a second terminate (comlink throws on a released proxy)
      live.worker.terminate();
    };
    this.live = live;
    this.outstanding = 0;
    this.pinging = false;
    this.set({ state: 'starting', generation });
    live.worker = this.spawn((message) => this.onWorkerError(live, message));
    live.started = Promise.race([Promise.resolve(live.worker.ready), stopped]).then(() => undefined);
    live.started.catch(() => undefined);
    this.startTimer = this.clock.setTimeout(() => {
      if (this.live !== live || this.current.state !== 'starting') return;
      this.set({
        state: 'failed',
        generation,
        cause: 'start-timeout',
        message: `${capitalise(this.what)} did not start within ${Math.round(this.limits.startMs / 1000)} s. It may still be loading on a slow machine, or its files may be missing or blocked.`,
      });
    }, this.limits.startMs);
    live.started.then(
      () => {
        if (this.live !== live) return;
        this.clock.clearTimeout(this.startTimer);
        this.quietSince = this.clock.now();
        this.set({ state: 'ready', generation });
        this.schedule(live);
      },
      (e: unknown) => {
        if (this.live !== live || live.isStopped) return;
        this.clock.clearTimeout(this.startTimer);
        const message = e instanceof Error ? e.message : String(e);
        live.stop(stoppedError(message));
        this.set({ state: 'failed', generation, cause: 'start', message });
      },
    );
  }

  private onWorkerError(live: Live<W>, message: string): void {
    if (this.live !== live || live.isStopped) return;
    const ready = this.current.state === 'ready' || this.current.state === 'unresponsive';
    const text = message || (ready ? 'an error it could not recover from' : 'its script could not be loaded');
    this.clock.clearTimeout(this.startTimer);
    this.clock.clearTimeout(this.tick);
    live.stop(stoppedError(ready ? `${capitalise(this.what)} crashed: ${text}` : text));
    this.set({ state: 'failed', generation: live.generation, cause: ready ? 'crash' : 'start', message: text });
  }

  private stopLive(reason: Error): void {
    this.clock.clearTimeout(this.startTimer);
    this.clock.clearTimeout(this.tick);
    const live = this.live;
    if (live === null) return;
    live.stop(reason);
  }

  private begin(): void {
    if (this.outstanding === 0) this.quietSince = this.clock.now();
    this.outstanding++;
  }

  /** An answer came (`delta` -1 ends a call); the silence starts over. */
  private answered(delta: number): void {
    this.outstanding = Math.max(0, this.outstanding + delta);
    this.quietSince = this.clock.now();
    const h = this.current;
    if (h.state === 'unresponsive') this.set({ state: 'ready', generation: h.generation });
  }

  private schedule(live: Live<W>): void {
    this.tick = this.clock.setTimeout(() => {
      if (this.live !== live || live.isStopped) return;
      if (!this.pinging) {
        this.pinging = true;
        this.call((w) => w.ping())
          .catch(() => undefined)
          .finally(() => {
            if (this.live === live) this.pinging = false;
          });
      }
      const silent = this.clock.now() - this.quietSince;
      const h = this.current;
      // said once per silence: a health change re-renders the page, which must stay quick while the engine is busy
      if (this.outstanding > 0 && silent >= this.limits.silenceMs && h.state === 'ready') {
        this.set({ state: 'unresponsive', generation: live.generation, silentMs: silent });
      }
      this.schedule(live);
    }, this.limits.pingMs);
  }

  private set(h: Health): void {
    this.current = h;
    this.onHealth(h);
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Runs `run` with a time limit and a cancel signal. When the limit passes or the signal fires
 * first, `stop` is called (the engine restarts: the only way to stop DuckDB mid-query) and the
 * result is a plain `{ok: false}` of kind 'timeout' or 'cancelled'; `run`'s late answer is dropped.
 */
export async function withTimeLimit<T>(
  run: () => Promise<T>,
  options: { limitMs?: number; signal?: AbortSignal; stop: (why: string) => void; clock?: Clock },
): Promise<T | { ok: false; error: { kind: 'timeout' | 'cancelled'; message: string } }> {
  const { limitMs, signal, stop } = options;
  const clock = options.clock ?? systemClock;
  if (limitMs === undefined && signal === undefined) return run();
  if (limitMs !== undefined && !(limitMs > 0)) throw new Error(`invalid time limit: ${limitMs} ms`);
  let timer: unknown = null;
  let onAbort: (() => void) | null = null;
  const cut = new Promise<{ ok: false; error: { kind: 'timeout' | 'cancelled'; message: string } }>((resolve) => {
    const cancel = () => {
      stop('a query was cancelled');
      resolve({ ok: false, error: { kind: 'cancelled', message: 'Cancelled' } });
    };
    if (signal?.aborted) return cancel();
    if (signal) {
      onAbort = cancel;
      signal.addEventListener('abort', cancel, { once: true });
    }
    if (limitMs !== undefined) {
      timer = clock.setTimeout(() => {
        const s = limitMs / 1000;
        stop(`a query ran longer than ${s} s`);
        resolve({ ok: false, error: { kind: 'timeout', message: `Stopped after ${s} s, the time limit for a query.` } });
      }, limitMs);
    }
  });
  try {
    return await Promise.race([run(), cut]);
  } finally {
    clock.clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
