import * as Comlink from 'comlink';
import type { ModelApi } from '@/workers/model.worker';
import type { EngineResult } from '@/lib/jobs/result';
import type { EvalConfig, EvalProgress, EvalRun, FeatureFrame } from '@/lib/eval/evaluate';
import { mergeRuns, splitConfig } from '@/lib/eval/merge';
import type { LabelRow } from '@/lib/labels/types';
import { MODEL_SILENCE_MS, Watchdog } from '@/lib/jobs/watchdog';
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
 * The model workers behind a cancellable client. One run at a time: a new run or cancel() ends the
 * previous one. A run whose detectors split (lib/eval/merge.ts) trains in two workers at once, one
 * per core, and is merged into the run one worker would have made. Every call is raced against its
 * worker's `error` event and against cancellation, and a worker that sends no progress for
 * MODEL_SILENCE_MS (one that died, e.g. out of memory, sends nothing and raises no event) ends the
 * run with a message; the next run starts fresh workers.
 */
export function startModels(): Models {
  let live: ModelWorker | null = null;
  let second: ModelWorker | null = null;
  let busy = false;

  function end(reason: Error) {
    for (const w of [live, second]) if (w) endModelWorker(w, reason);
    live = second = null;
    busy = false;
  }

  /** one part of a run in worker `w`, ended with a message when that worker falls silent */
  async function part(w: ModelWorker, frame: FeatureFrame, config: EvalConfig, labels: LabelRow[], tf: boolean, onProgress?: (p: EvalProgress) => void) {
    const silent = new Watchdog(MODEL_SILENCE_MS, () => {
      if (live === w || second === w) end(new Error(`The model worker stopped answering (no progress for ${MODEL_SILENCE_MS / 1000} s) and was stopped; Train starts a fresh one.`));
    });
    const progress = Comlink.proxy((p: EvalProgress) => {
      silent.feed();
      onProgress?.(p);
    });
    try {
      return await Promise.race([w.remote.evaluate(frame, config, labels, progress, tf), w.stopped]);
    } finally {
      silent.stop();
    }
  }

  return {
    async evaluate(frame, config, labels, onProgress) {
      // idle workers are reused (tfjs is warm); busy ones are stopped: the newer run wins
      if (busy) end(cancelledError());
      const w = (live ??= spawnModelWorker('harbinger-models'));
      busy = true;
      try {
        const split = splitConfig(config);
        if (!split) return await part(w, frame, config, labels, true, onProgress);
        const w2 = (second ??= spawnModelWorker('harbinger-models-2'));
        const [a, b] = await Promise.all([part(w, frame, split[0], labels, true, onProgress), part(w2, frame, split[1], labels, false, onProgress)]);
        if (!a.ok) return a;
        if (!b.ok) return b;
        return { ok: true, value: { run: mergeRuns(config, [a.value.run, b.value.run]), backend: a.value.backend } };
      } catch (e) {
        return modelFailure(e);
      } finally {
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
      // the second worker's script loads now too; it never needs tfjs (lib/eval/merge.ts)
      second ??= spawnModelWorker('harbinger-models-2');
      // a failure here resurfaces, with its message, on the first evaluate
      Promise.race([w.remote.warm(), w.stopped]).catch(() => undefined);
    },
    cancel: () => end(cancelledError()),
    dispose: () => end(new Error('disposed')),
  };
}
