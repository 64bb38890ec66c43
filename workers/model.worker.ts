/// <reference lib="webworker" />
// Model worker: trains and scores detectors off the page's thread. The page cancels a run by
// terminating this worker (training loops are synchronous between progress messages), so nothing
// here needs to listen for a cancel message.
import * as Comlink from 'comlink';
import { evaluateFrame, type EvalConfig, type EvalProgress, type FeatureFrame } from '../lib/eval/evaluate';
import { selectBackend, type BackendName } from '../lib/detectors/tf';
import { capture } from '../lib/jobs/result';
import type { LabelRow } from '../lib/labels/types';
import { runNab, type NabDataFile, type NabRunOptions } from '../lib/eval/nab-run';
import { buildBundle, bundleText, type BundleInput } from '../lib/live/bundle';
import { warmState } from '../lib/live/scorer';

let backend: Promise<BackendName> | null = null;
// the same tfjs wasm build the CLI uses, so an AutoEncoder trains to the same weights for a seed
const tfBackend = () => (backend ??= selectBackend('wasm', new URL(`${process.env.HARBINGER_TFJS_WASM_DIR}`, self.location.origin).href));

const api = {
  /** Loads tfjs and its wasm backend ahead of the first run (the page calls it while data loads). */
  warm: () => capture('engine', tfBackend),
  /** Fits every configured detector on the frame's training span and scores all windows. */
  evaluate: (frame: FeatureFrame, config: EvalConfig, labels: LabelRow[], onProgress?: (p: EvalProgress) => void) =>
    capture('engine', async () => {
      const tf = await tfBackend();
      const run = await evaluateFrame(frame, config, labels, { onProgress });
      return { run, backend: tf };
    }),
  /** The model bundle of a trained run, as JSON text (the warm-up scores the training rows, the AutoEncoder included). */
  bundle: (input: BundleInput) =>
    capture('engine', async () => {
      await tfBackend();
      return bundleText(buildBundle(input, warmState));
    }),
  /** `harbinger nab` on one series: the same runNab, so the page's NAB scores equal the CLI's */
  nab: (file: NabDataFile, detectors: string[], options: Omit<NabRunOptions, 'onProgress'>, onProgress?: (p: EvalProgress) => void) =>
    capture('engine', async () => {
      const tf = await tfBackend();
      const result = await runNab([file], detectors, {}, { ...options, onProgress });
      return { result, backend: tf };
    }),
};

export type ModelApi = typeof api;
Comlink.expose(api);
