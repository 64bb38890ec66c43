/**
 * The feature frame is fetched once per (data, window, features, fit span) and shared by whoever
 * asks: the Features cell draws it and the evaluation trains on it. One cache per loaded dataset
 * (a new load starts a new cache), so the data's identity is not part of the key.
 *
 * `features: null` means "the defaults for the loaded data", which only the answer names; an
 * explicit list asked for while such a request runs waits for it and takes its frame when the
 * defaults turn out to be that list, so the two callers still cost one fetch.
 */
import type { EngineResult } from '../jobs/result';
import type { FitSpan } from '../eval/frame';

export interface FrameRequest {
  windowSec: number;
  /** null: the defaults for the loaded data */
  features: readonly string[] | null;
  fit: FitSpan;
}

/** The same key for requests that must give the same frame. */
export function frameKey(r: FrameRequest): string {
  const fit = r.fit.fitUntilMs !== undefined ? `until ${r.fit.fitUntilMs}` : `share ${r.fit.trainFraction ?? 'default'}`;
  return JSON.stringify([r.windowSec, fit, r.features]);
}

/** Frames kept per dataset: the current selection and a few recent ones (a checkbox toggled back costs nothing). */
export const FRAMES_KEPT = 4;

export class FrameCache<F extends { features: readonly string[] }> {
  private readonly entries = new Map<string, Promise<EngineResult<F>>>();

  /** `data` names the loaded dataset the frames come from (the cache is thrown away with it) */
  constructor(
    readonly data: number,
    private readonly fetch: (r: FrameRequest) => Promise<EngineResult<F>>,
  ) {}

  get(r: FrameRequest): Promise<EngineResult<F>> {
    const key = frameKey(r);
    const held = this.entries.get(key);
    if (held) return held;
    const wanted = r.features;
    const defaults = wanted === null ? undefined : this.entries.get(frameKey({ ...r, features: null }));
    const p = defaults
      ? defaults.then((d) => (d.ok && sameList(d.value.features, wanted!) ? d : this.fetch(r)))
      : this.fetch(r);
    this.keep(key, p);
    return p;
  }

  /**
   * Answers `r` with `frame` (a frame computed elsewhere that equals the engine's, e.g. from the
   * simulated rows: lib/jobs/ahead.ts); when it resolves to null the engine is asked after all.
   */
  seed(r: FrameRequest, frame: Promise<EngineResult<F> | null>): void {
    this.keep(frameKey(r), frame.then((f) => f ?? this.fetch(r)));
  }

  private keep(key: string, p: Promise<EngineResult<F>>): void {
    this.entries.set(key, p);
    while (this.entries.size > FRAMES_KEPT) this.entries.delete(this.entries.keys().next().value!);
    // a failed fetch is not kept: Retry (or the next caller) asks the engine again
    void p.then((res) => {
      if (!res.ok && this.entries.get(key) === p) this.entries.delete(key);
    });
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
