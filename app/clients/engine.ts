import * as Comlink from 'comlink';
import type { EngineApi } from '@/workers/engine.worker';
import { messageOf, type EngineResult } from '@/lib/jobs/result';
import type { Row } from '@/lib/db/db';
import type { LoadOptions } from '@/lib/jobs/load';
import type { Scenario } from '@/simulator/scenario';
import { ENGINE_LIMITS, Supervisor, withTimeLimit, type Health, type Supervised } from '@/lib/jobs/supervisor';
import type { WarmRequest } from '@/lib/live/warm';
import type { AheadInputs } from '@/lib/jobs/ahead';
import type { FitSpan } from '@/lib/eval/frame';

export type LoadProgress = Parameters<NonNullable<LoadOptions['onProgress']>>[0];
export type { Health as EngineHealth };

export interface QueryOptions {
  /** ms; past it the engine is restarted (the only way to stop DuckDB mid-query) and the data reloaded */
  timeLimitMs?: number;
  /** aborting it stops the query the same way */
  signal?: AbortSignal;
  /** at most this many rows come back (the worker stops reading there) */
  limit?: number;
}

/** The worker's jobs that the page calls as they are (types from the worker's own API: one source). */
type Jobs = Pick<EngineApi, 'load' | 'loadNab' | 'loadWindows' | 'nabSeries' | 'simulate' | 'simulationZip' | 'sha256' | 'features' | 'featureState' | 'labels' | 'setLabels' | 'writeResults' | 'writeThresholds' | 'recordSpan'>;

/** The engine as the page sees it: the worker's jobs, plus what the page adds around the worker. */
export interface Engine extends Jobs {
  /** stops the running load or simulation */
  cancel(): void;
  /**
   * Lets the worker that is starting generate `scenario` while DuckDB starts; the page's later
   * `simulate` of the same scenario takes those rows (the same rows, sooner). Does not wait for the
   * worker to be ready, and a failure only loses the head start.
   */
  prepare(scenario: Scenario): void;
  /**
   * The prepared scenario's feature frame and labels, computed from its rows while DuckDB starts
   * (lib/jobs/ahead.ts); does not wait for the worker to be ready. `{ok: true, value: null}`: not
   * prepared for this scenario; `{ok: false}` also when that worker died or was replaced meanwhile.
   */
  frameAhead(scenario: Scenario, windowSec: number, features: string[] | null, fit: FitSpan): Promise<EngineResult<AheadInputs | null>>;
  /** the run came from the page's cache: the frame ahead is not needed (its rows still load) */
  dropFrameAhead(): void;
  /**
   * hands `port` to the engine worker, which answers a replay's record slices on it (lib/jobs/live-slices.ts);
   * `warm`: it starts feeding the training span to a featurer at once (lib/live/warm.ts)
   */
  serveSlices(port: MessagePort, warm?: WarmRequest): Promise<EngineResult<true>>;
  /** one read-only query (the worker refuses anything else), with a time limit, Cancel and a row cap */
  query(sql: string, options?: QueryOptions): Promise<EngineResult<Row[]>>;
  /** how the worker is doing; `generation` counts the workers started (a restart starts a new one, empty) */
  health(): Health;
  /** calls `listener` on every change of health; returns the unsubscribe */
  subscribe(listener: (h: Health) => void): () => void;
  /** stops the worker and starts a fresh, empty one (the page reloads the data into it) */
  restart(why: string): void;
  dispose(): void;
}

interface Handle extends Supervised {
  remote: Comlink.Remote<EngineApi>;
  /** starts the parse workers and the hash worker (once) and gives the engine a port to each */
  parsers: () => Promise<void>;
  /** rejects when the worker fails or is terminated: a call made outside the supervisor races it */
  gone: Promise<never>;
}

/**
 * Parse workers for a big upload (lib/jobs/tab-parallel.ts): the cores but the engine's, which
 * inserts meanwhile. None below 4 cores: measured on 2 cores (BENCHMARKS.md, "The tab's path
 * redesigned") the parallel path was slower than the engine parsing alone, all threads starved of
 * CPU. `localStorage['harbinger.parseWorkers']` sets the count (benchmarks and tests force both paths).
 * Started by the page because a bundler only follows `new Worker(new URL(…))` in page code, not inside a worker.
 */
function parseWorkerCount(): number {
  const forced = Number(globalThis.localStorage?.getItem('harbinger.parseWorkers') ?? NaN);
  if (Number.isInteger(forced) && forced >= 0 && forced <= 16) return forced;
  const cores = navigator.hardwareConcurrency || 2;
  return cores >= 4 ? Math.min(8, cores - 1) : 0;
}

/**
 * Starts the engine worker under a Supervisor (lib/jobs/supervisor.ts): a start that fails or
 * hangs, a crash, a worker that stops answering and a query past its time limit all become a
 * health state or an `{ok: false}` result instead of a promise that never settles. The object
 * stays the same across restarts; calls made while a fresh worker starts wait for it.
 */
export function startEngine(): Engine {
  const listeners = new Set<(h: Health) => void>();
  const sup = new Supervisor<Handle>(spawn, ENGINE_LIMITS, (h) => listeners.forEach((l) => l(h)));

  /** the newest worker, reachable before it is ready (prepare) */
  let newest: Handle | null = null;

  function spawn(onError: (message: string) => void): Handle {
    const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'harbinger-engine' });
    let end: (why: Error) => void = () => undefined;
    const gone = new Promise<never>((_, reject) => (end = reject));
    gone.catch(() => undefined);
    worker.addEventListener('error', (e) => {
      end(new Error(`the engine worker failed: ${e.message ?? ''}`));
      onError(e.message ?? '');
    });
    const remote = Comlink.wrap<EngineApi>(worker);
    const ready = remote.init().then((r) => {
      if (!r.ok) throw new Error(r.error.message);
    });
    const helpers: Worker[] = [];
    let attached: Promise<void> | null = null;
    const parsers = () =>
      (attached ??= (async () => {
        const count = parseWorkerCount();
        // no parse workers: the engine parses and hashes alone, as it always did
        if (count === 0) return;
        // a helper that dies would leave the load waiting for its answer: the engine is restarted with it
        const connect = (w: Worker, what: string) => {
          w.addEventListener('error', (e) => onError(`the ${what} worker failed: ${e.message ?? ''}`));
          const { port1, port2 } = new MessageChannel();
          w.postMessage(port1, [port1]);
          helpers.push(w);
          return port2;
        };
        const ports: MessagePort[] = [];
        for (let i = count; i > 0; i--) {
          ports.push(connect(new Worker(new URL('../../workers/parse.worker.ts', import.meta.url), { type: 'module', name: 'harbinger-parse' }), 'parse'));
        }
        const hashPort = connect(new Worker(new URL('../../workers/hash.worker.ts', import.meta.url), { type: 'module', name: 'harbinger-hash' }), 'hash');
        await remote.attachHelpers(Comlink.transfer(ports, ports), Comlink.transfer(hashPort, [hashPort]));
      })());
    return (newest = {
      remote,
      gone,
      ready,
      parsers,
      ping: () => remote.ping(),
      terminate: () => {
        helpers.forEach((w) => w.terminate());
        end(new Error('the engine worker was stopped'));
        worker.terminate();
        try {
          remote[Comlink.releaseProxy]();
        } catch {
          // released already: nothing left to free
        }
      },
    });
  }

  async function guard<T>(call: (h: Handle) => Promise<EngineResult<T>>): Promise<EngineResult<T>> {
    try {
      return await sup.call(call);
    } catch (e) {
      return { ok: false, error: { kind: 'engine', message: messageOf(e) } };
    }
  }

  /** a progress callback for the worker that also tells the supervisor the worker is alive */
  function progress<P>(cb: ((p: P) => void) | undefined) {
    return cb
      ? Comlink.proxy((p: P) => {
          sup.alive();
          cb(p);
        })
      : undefined;
  }

  sup.start();
  return {
    load: (files, parse, onProgress, labels) =>
      guard(async (h) => {
        await h.parsers();
        return h.remote.load(files, parse, progress(onProgress), labels);
      }),
    loadNab: (file, key, windows, onProgress) => guard((h) => h.remote.loadNab(file, key, windows, progress(onProgress))),
    loadWindows: (file, labels) => guard((h) => h.remote.loadWindows(file, labels)),
    nabSeries: () => guard((h) => h.remote.nabSeries()),
    simulate: (scenario, onProgress) => guard((h) => h.remote.simulate(scenario, progress(onProgress))),
    simulationZip: (scenario) => guard((h) => h.remote.simulationZip(scenario)),
    cancel: () => void guard(async (h) => ({ ok: true, value: await h.remote.cancel() })),
    prepare: (scenario) => void newest?.remote.prepare(scenario).catch(() => undefined),
    dropFrameAhead: () => void newest?.remote.dropFrameAhead().catch(() => undefined),
    frameAhead: async (scenario, windowSec, features, fit) => {
      const h = newest;
      if (!h) return { ok: true, value: null };
      try {
        return await Promise.race([h.remote.frameAhead(scenario, windowSec, features, fit), h.gone]);
      } catch (e) {
        return { ok: false, error: { kind: 'engine', message: messageOf(e) } };
      }
    },
    sha256: (blob) => guard((h) => h.remote.sha256(blob)),
    query: (sql, options) => {
      const run = () => guard((h) => h.remote.query(sql, options?.limit));
      if (!options || (options.timeLimitMs === undefined && !options.signal)) return run();
      return withTimeLimit(run, { limitMs: options.timeLimitMs, signal: options.signal, stop: (why) => sup.restart(why) });
    },
    features: (windowSec, features, fit) => guard((h) => h.remote.features(windowSec, features, fit)),
    featureState: (windowSec, features, fitUntilMs) => guard((h) => h.remote.featureState(windowSec, features, fitUntilMs)),
    labels: () => guard((h) => h.remote.labels()),
    setLabels: (rows) => guard((h) => h.remote.setLabels(rows)),
    writeResults: (tables) => guard((h) => h.remote.writeResults(tables)),
    writeThresholds: (tables) => guard((h) => h.remote.writeThresholds(tables)),
    recordSpan: () => guard((h) => h.remote.recordSpan()),
    serveSlices: (port, warm) =>
      guard(async (h) => {
        await h.remote.serveSlices(Comlink.transfer(port, [port]), warm);
        return { ok: true as const, value: true as const };
      }),
    health: () => sup.health,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    restart: (why) => sup.restart(why),
    dispose: () => {
      listeners.clear();
      sup.dispose();
    },
  };
}
