import * as Comlink from 'comlink';
import type { ModelApi } from '@/workers/model.worker';
import type { EngineResult } from '@/lib/jobs/result';
import type { EvalConfig, EvalProgress, EvalRun, FeatureFrame } from '@/lib/eval/evaluate';
import type { LabelRow } from '@/lib/labels/types';
import { MODEL_SILENCE_MS, Watchdog } from '@/lib/jobs/supervisor';
import type { BundleInput } from '@/lib/live/bundle';

export interface ModelRunResult {
  run: EvalRun;
  /** tfjs backend the AutoEncoder trained on ('wasm', or 'cpu' when wasm could not start) */
  backend: string;
}

export interface Models {
  evaluate(frame: FeatureFrame, config: EvalConfig, labels: LabelRow[], onProgress?: (p: EvalProgress) => void): Promise<EngineResult<ModelRunResult>>;
  /** The model bundle of a trained run, as JSON text, built in the worker (lib/live/bundle.ts). */
  bundle(input: BundleInput): Promise<EngineResult<string>>;
  /** Starts the worker and loads tfjs now, so the first run does not wait for it. */
  warm(): void;
  /** Stops the running evaluation at once (the worker is terminated; the next run starts a fresh one). */
  cancel(): void;
  dispose(): void;
}

/** A model worker and its comlink proxy. */
export interface ModelWorker {
  worker: Worker;
  remote: Comlink.Remote<ModelApi>;
  /** settles with an error when the worker fails to load or is ended */
  stopped: Promise<never>;
  stop(reason: Error): void;
}

/** A fresh model worker; `stopped` rejects when it fails to start or is ended. */
export function spawnModelWorker(name: string): ModelWorker {
  const worker = new Worker(new URL('../../workers/model.worker.ts', import.meta.url), { type: 'module', name });
  let stop!: (reason: Error) => void;
  const stopped = new Promise<never>((_, reject) => {
    stop = reject;
  });
  stopped.catch(() => undefined);
  worker.addEventListener('error', (e) => stop(new Error(e.message || 'the model worker failed to start')));
  return { worker, remote: Comlink.wrap<ModelApi>(worker), stopped, stop };
}

/** Ends a model worker at once (training loops do not listen for a cancel): its pending calls reject with `reason`. */
export function endModelWorker(w: ModelWorker, reason: Error): void {
  w.stop(reason);
  w.remote[Comlink.releaseProxy]();
  w.worker.terminate();
}

/** The reason a run ended by a newer run or by the user. */
export const cancelledError = () => Object.assign(new Error('Cancelled'), { name: 'AbortError' });

/** A failed or ended model-worker call as a result: cancelled, or the worker's message. */
export function modelFailure(e: unknown): { ok: false; error: { kind: 'cancelled' | 'engine'; message: string } } {
  const err = e as Error;
  if (err.name === 'AbortError') return { ok: false, error: { kind: 'cancelled', message: 'Cancelled' } };
  return { ok: false, error: { kind: 'engine', message: err.message || String(e) } };
}

/**
 * The model worker behind a cancellable client. One run at a time: a new run or cancel() ends the
 * previous one. Every call is raced against the worker's `error` event and against cancellation,
 * and a run that sends no progress for MODEL_SILENCE_MS (a worker that died, e.g. out of memory,
 * sends nothing and raises no event) is ended with a message; the next run starts a fresh worker.
 */
export function startModels(): Models {
  let live: ModelWorker | null = null;
  let busy = false;

  function end(reason: Error) {
    if (!live) return;
    endModelWorker(live, reason);
    live = null;
    busy = false;
  }

  return {
    async evaluate(frame, config, labels, onProgress) {
      // an idle worker is reused (tfjs is warm); a busy one is stopped: the newer run wins
      if (busy) end(cancelledError());
      const w = (live ??= spawnModelWorker('harbinger-models'));
      busy = true;
      const silent = new Watchdog(MODEL_SILENCE_MS, () => {
        if (live === w) end(new Error(`The model worker stopped answering (no progress for ${MODEL_SILENCE_MS / 1000} s) and was stopped; Train starts a fresh one.`));
      });
      const progress = Comlink.proxy((p: EvalProgress) => {
        silent.feed();
        onProgress?.(p);
      });
      try {
        return await Promise.race([w.remote.evaluate(frame, config, labels, progress), w.stopped]);
      } catch (e) {
        return modelFailure(e);
      } finally {
        silent.stop();
        if (live === w) busy = false;
      }
    },
    async bundle(input) {
      const w = (live ??= spawnModelWorker('harbinger-models'));
      try {
        return await Promise.race([w.remote.bundle(input), w.stopped]);
      } catch (e) {
        return modelFailure(e);
      }
    },
    warm: () => {
      const w = (live ??= spawnModelWorker('harbinger-models'));
      // a failure here resurfaces, with its message, on the first evaluate
      Promise.race([w.remote.warm(), w.stopped]).catch(() => undefined);
    },
    cancel: () => end(cancelledError()),
    dispose: () => end(new Error('disposed')),
  };
}
