import * as Comlink from 'comlink';
import type { ModelApi } from '@/workers/model.worker';
import type { EngineResult } from '@/lib/jobs/result';
import type { EvalProgress } from '@/lib/eval/evaluate';
import type { NabDataFile, NabRunOptions, NabRunResult } from '@/lib/eval/nab-run';
import { MODEL_SILENCE_MS, Watchdog } from '@/lib/jobs/supervisor';

export interface NabRuns {
  /** runNab on one series in a model worker of its own (the evaluation's worker keeps its run) */
  run(file: NabDataFile, detectors: string[], options: Omit<NabRunOptions, 'onProgress'>, onProgress: (p: EvalProgress) => void): Promise<EngineResult<{ result: NabRunResult; backend: string }>>;
  dispose(): void;
}

/**
 * A model worker for NAB runs, one run at a time: a newer run ends the older one by terminating
 * its worker (training loops do not listen for a cancel). Every call races the worker's `error`
 * event and a silence watchdog, as app/clients/models.ts does for the evaluation.
 */
export function startNabRuns(): NabRuns {
  let live: { worker: Worker; remote: Comlink.Remote<ModelApi>; stop: (e: Error) => void; stopped: Promise<never> } | null = null;

  function end(reason: Error) {
    if (!live) return;
    live.stop(reason);
    live.remote[Comlink.releaseProxy]();
    live.worker.terminate();
    live = null;
  }

  return {
    async run(file, detectors, options, onProgress) {
      end(Object.assign(new Error('Cancelled'), { name: 'AbortError' }));
      const worker = new Worker(new URL('../../workers/model.worker.ts', import.meta.url), { type: 'module', name: 'harbinger-nab' });
      let stop!: (e: Error) => void;
      const stopped = new Promise<never>((_, reject) => (stop = reject));
      stopped.catch(() => undefined);
      worker.addEventListener('error', (e) => stop(new Error(e.message || 'the model worker failed to start')));
      const mine = { worker, remote: Comlink.wrap<ModelApi>(worker), stop, stopped };
      live = mine;
      const silent = new Watchdog(MODEL_SILENCE_MS, () => {
        if (live === mine) end(new Error(`The NAB run stopped answering (no progress for ${MODEL_SILENCE_MS / 1000} s) and was stopped.`));
      });
      const progress = Comlink.proxy((p: EvalProgress) => {
        silent.feed();
        onProgress(p);
      });
      try {
        return await Promise.race([mine.remote.nab(file, detectors, options, progress), stopped]);
      } catch (e) {
        const err = e as Error;
        if (err.name === 'AbortError') return { ok: false, error: { kind: 'cancelled', message: 'Cancelled' } };
        return { ok: false, error: { kind: 'engine', message: err.message || String(e) } };
      } finally {
        silent.stop();
      }
    },
    dispose: () => end(new Error('disposed')),
  };
}
