/// <reference lib="webworker" />
// Live worker: runs one replay at a time off the page's thread (lib/live/session.ts); the page
// steers it with pause, resume, step, speed and cancel, and gets one update per tick.
import * as Comlink from 'comlink';
import { startSession, type LiveStart, type LiveUpdate, type SliceSource } from '../lib/live/session';
import type { ReplayRunner } from '../lib/live/runner';
import { capture } from '../lib/jobs/result';
import { startFollow, type Following, type FollowSetup } from '../lib/live/follow-session';
import { noRecords, type ReplaySpeed } from '../lib/live/replay';
import { selectBackend, type BackendName } from '../lib/detectors/tf';

let backend: Promise<BackendName> | null = null;
// the model worker's tfjs wasm build: the AutoEncoder scores live windows as it scored the batch
const tfBackend = () => (backend ??= selectBackend('wasm', new URL(`${process.env.HARBINGER_TFJS_WASM_DIR}`, self.location.origin).href));

let runner: ReplayRunner | null = null;
// bumped by every start and cancel: a start that was overtaken while it prepared cancels its own replay
let generation = 0;
let following: Following | null = null;
// the engine's end of it stays open until this end closes: one per replay
let slicesPort: MessagePort | null = null;
const closeSlices = () => {
  slicesPort?.close();
  slicesPort = null;
};
const clock = { now: () => performance.now(), schedule: (fn: () => void, ms: number) => { const id = setTimeout(fn, ms); return () => clearTimeout(id); } };

const api = {
  /**
   * a new replay (the previous one is cancelled); `slices`: a port the engine worker answers record
   * slices on (the stream path). Settles once it has started, with the detectors its updates report.
   */
  start: (o: LiveStart, onUpdate: (u: LiveUpdate) => void, slices?: MessagePort) =>
    capture('engine', async () => {
      runner?.cancel();
      runner = null;
      closeSlices();
      const mine = ++generation;
      slicesPort = slices ?? null;
      await tfBackend();
      const source: SliceSource = slices ? Comlink.wrap<SliceSource>(slices) : noRecords;
      const s = await startSession(o, clock, onUpdate, source);
      if (mine !== generation) {
        s.runner.cancel();
        throw new Error('the replay was cancelled while it prepared');
      }
      runner = s.runner;
      return { detectors: s.detectors, fromMs: s.fromMs };
    }),
  /** follows a file that grows: one look per call with the file as it is now (a File read here, off the page's thread) */
  follow: (setup: FollowSetup, name: string) =>
    capture('engine', async () => {
      await tfBackend();
      following = startFollow(setup, name);
      return following.detectors;
    }),
  look: (file: File) =>
    capture('input', async () => {
      if (!following) throw new Error('no file is being followed');
      return following.look({ name: file.name, size: file.size, lastModified: file.lastModified, read: async (from, to) => new Uint8Array(await file.slice(from, to).arrayBuffer()) });
    }),
  pause: () => runner?.pause(),
  resume: () => runner?.resume(),
  step: async () => { await runner?.step(); },
  setSpeed: (s: ReplaySpeed) => runner?.setSpeed(s),
  cancel: () => { generation++; runner?.cancel(); runner = null; closeSlices(); },
};

export type LiveApi = typeof api;
Comlink.expose(api);
