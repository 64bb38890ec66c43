import * as Comlink from 'comlink';
import type { LiveApi } from '@/workers/live.worker';
import type { LiveDetector, LiveStart, LiveUpdate } from '@/lib/live/session';
import type { ReplaySpeed } from '@/lib/live/replay';
import type { EngineResult } from '@/lib/jobs/result';
import type { FollowSetup, FollowUpdate } from '@/lib/live/follow-session';

/** The live worker as the Live cell steers it. */
export interface LiveClient {
  /** `slices`: a port the engine answers record slices on (the stream path), handed over to the worker */
  start(o: LiveStart, onUpdate: (u: LiveUpdate) => void, slices?: MessagePort): Promise<EngineResult<{ detectors: LiveDetector[]; fromMs: number }>>;
  /** starts following a file (the scorer built in the worker); answers with the detectors its updates report */
  follow(setup: FollowSetup, name: string): Promise<EngineResult<LiveDetector[]>>;
  /** reads what `file` gained since the last look */
  look(file: File): Promise<EngineResult<FollowUpdate>>;
  pause(): void;
  resume(): void;
  step(): Promise<void>;
  setSpeed(s: ReplaySpeed): void;
  /** stops the replay; the worker stays for the next one */
  cancel(): void;
  dispose(): void;
}

/** Starts the live worker; every call is raced against the worker's `error` event (a worker that fails to load raises nothing else). */
export function startLive(): LiveClient {
  const worker = new Worker(new URL('../../workers/live.worker.ts', import.meta.url), { type: 'module', name: 'harbinger-live' });
  const remote = Comlink.wrap<LiveApi>(worker);
  let fail!: (e: Error) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  worker.addEventListener('error', (e) => fail(new Error(e.message || 'the live worker failed to start')));
  const quiet = (p: Promise<unknown>) => void Promise.race([p, failed]).catch(() => undefined);
  return {
    async start(o, onUpdate, slices) {
      try {
        const call = slices ? remote.start(o, Comlink.proxy(onUpdate), Comlink.transfer(slices, [slices])) : remote.start(o, Comlink.proxy(onUpdate));
        return await Promise.race([call, failed]);
      } catch (e) {
        return { ok: false, error: { kind: 'engine', message: (e as Error).message || String(e) } };
      }
    },
    follow: (setup, name) => Promise.race([remote.follow(setup, name), failed]).catch((e: Error) => ({ ok: false as const, error: { kind: 'engine' as const, message: e.message } })),
    look: (file) => Promise.race([remote.look(file), failed]).catch((e: Error) => ({ ok: false as const, error: { kind: 'engine' as const, message: e.message } })),
    pause: () => quiet(remote.pause()),
    resume: () => quiet(remote.resume()),
    step: () => Promise.race([remote.step(), failed]).catch(() => undefined),
    setSpeed: (s) => quiet(remote.setSpeed(s)),
    cancel: () => quiet(remote.cancel()),
    dispose: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
