/// <reference lib="webworker" />
// Live worker: runs one replay at a time off the page's thread (lib/live/session.ts); the page
// steers it with pause, resume, step, speed and cancel, and gets one update per tick.
import * as Comlink from 'comlink';
import { startSession, type LiveStart, type LiveUpdate } from '../lib/live/session';
import type { ReplayRunner } from '../lib/live/runner';
import type { ReplaySpeed } from '../lib/live/replay';
import { capture } from '../lib/jobs/result';

let runner: ReplayRunner | null = null;
const clock = { now: () => performance.now(), schedule: (fn: () => void, ms: number) => { const id = setTimeout(fn, ms); return () => clearTimeout(id); } };

const api = {
  /** a new replay (the previous one is cancelled); settles once it has started */
  start: (o: LiveStart, onUpdate: (u: LiveUpdate) => void) =>
    capture('engine', async () => {
      runner?.cancel();
      runner = startSession(o, clock, onUpdate);
      return true as const;
    }),
  pause: () => runner?.pause(),
  resume: () => runner?.resume(),
  step: async () => { await runner?.step(); },
  setSpeed: (s: ReplaySpeed) => runner?.setSpeed(s),
  cancel: () => { runner?.cancel(); runner = null; },
};

export type LiveApi = typeof api;
Comlink.expose(api);
