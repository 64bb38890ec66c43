import * as Comlink from 'comlink';
import type { EngineResult } from '@/lib/jobs/result';
import type { EvalProgress } from '@/lib/eval/evaluate';
import type { NabDataFile, NabRunOptions, NabRunResult } from '@/lib/eval/nab-run';
import { MODEL_SILENCE_MS, Watchdog } from '@/lib/jobs/watchdog';
import { cancelledError, endModelWorker, modelFailure, spawnModelWorker, type ModelWorker } from './models';

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
  let live: ModelWorker | null = null;

  function end(reason: Error) {
    if (!live) return;
    endModelWorker(live, reason);
    live = null;
  }

  return {
    async run(file, detectors, options, onProgress) {
      end(cancelledError());
      const mine = spawnModelWorker('harbinger-nab');
      live = mine;
      const silent = new Watchdog(MODEL_SILENCE_MS, () => {
        if (live === mine) end(new Error(`The NAB run stopped answering (no progress for ${MODEL_SILENCE_MS / 1000} s) and was stopped.`));
      });
      const progress = Comlink.proxy((p: EvalProgress) => {
        silent.feed();
        onProgress(p);
      });
      try {
        return await Promise.race([mine.remote.nab(file, detectors, options, progress), mine.stopped]);
      } catch (e) {
        return modelFailure(e);
      } finally {
        silent.stop();
      }
    },
    dispose: () => end(new Error('disposed')),
  };
}
