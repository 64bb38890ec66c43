/** The timers the page's supervisors run on: the system's, or a fake one in tests. */
export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** ms, monotonic */
  now(): number;
}

export const systemClock: Clock = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
  now: () => performance.now(),
};

/** The limits the page runs the engine worker with (README: "What is capped"). */
