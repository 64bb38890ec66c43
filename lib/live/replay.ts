/**
 * The replay driver of the Live cell: a replay clock over loaded data, records handed to the
 * featurer slice by slice in time order, windows closed on the clock and scored one at a time.
 * Pure (no timers, no wall clock of its own): the runner (runner.ts) decides when to advance.
 */
import type { Batch } from '../ingest/types';
import type { LiveStep, StreamScorer, WindowFeaturer } from './contract';

/** Replay speeds: multiples of real time, or as fast as the featurer and scorer go. */
export const REPLAY_SPEEDS = [1, 10, 100, 1000, 'max'] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

/** Where a clock slice's records come from (the engine's tables, or nothing when rows come ready-made). */
export interface RecordSource {
  /** records with `fromMs ≤ ts < toMs`, in time order */
  slice(fromMs: number, toMs: number): Promise<Batch[]>;
}

/** A source with no records: the featurer makes its rows without them (the batch-frame path). */
export const noRecords: RecordSource = { slice: async () => [] };

export interface ReplayOptions {
  featurer: WindowFeaturer;
  scorer: StreamScorer;
  source: RecordSource;
  /** epoch ms of the first record to feed: the data's start, so windows before `fromMs` warm the featurer and scorer up */
  dataStartMs: number;
  /** epoch ms where the data ends (exclusive): the clock stops once the last window has closed */
  dataEndMs: number;
  /** epoch ms the replay is shown from; windows before it are stepped as warm-up */
  fromMs: number;
  /**
   * epoch ms of the first window the scorer steps; earlier rows only warm the featurer up (a
   * bundle's scorer resumes where its training span ended); default: every window is scored
   */
  scoreFromMs?: number;
  /** how long after its end a window waits for late records before it closes (the featurer's grace), ms; default 0 */
  graceMs?: number;
}

/** What one advance produced: the live steps of the windows it closed, warm-up ones flagged. */
export interface Advance {
  steps: LiveStep[];
  /** how many of `steps` (from the front) closed before `fromMs`: history, not live alerts */
  warmup: number;
  clockMs: number;
  records: number;
}

const floorTo = (t: number, step: number) => Math.floor(t / step) * step;

/**
 * Advances a replay clock over the data. The clock starts at the data's first window; windows
 * before `fromMs` are fed and scored like any other (a stream scorer's state and the featurer's
 * rolling baselines need them) but reported as warm-up. Records are sliced `[fedUntil, clock)`
 * so every record is handed over exactly once, in time order.
 */
export class ReplayDriver {
  readonly windowMs: number;
  readonly graceMs: number;
  readonly fromMs: number;
  readonly scoreFromMs: number;
  readonly endClockMs: number;
  private readonly firstWindow: number;
  private clock: number;
  private fed: number;
  private closed = 0;
  private recordsFed = 0;
  private readonly o: ReplayOptions;

  constructor(o: ReplayOptions) {
    if (!(o.dataEndMs > o.dataStartMs)) throw new Error(`replay: the data ends (${o.dataEndMs}) before it starts (${o.dataStartMs})`);
    if (!(o.fromMs >= o.dataStartMs && o.fromMs < o.dataEndMs)) {
      throw new Error(`replay: start ${new Date(o.fromMs).toISOString()} is outside the data (${new Date(o.dataStartMs).toISOString()} → ${new Date(o.dataEndMs).toISOString()})`);
    }
    this.o = o;
    this.windowMs = o.scorer.windowMs;
    this.graceMs = o.graceMs ?? 0;
    const first = floorTo(o.dataStartMs, this.windowMs);
    this.firstWindow = first;
    this.clock = first;
    this.fed = first;
    // shown from the window holding `fromMs`
    this.fromMs = floorTo(o.fromMs, this.windowMs);
    this.scoreFromMs = o.scoreFromMs ?? -Infinity;
    if (this.fromMs < this.scoreFromMs) {
      throw new Error(`replay: start ${new Date(o.fromMs).toISOString()} is before the first window the scorer can score (${new Date(this.scoreFromMs).toISOString()}, where its training ended)`);
    }
    // the last window holds the last record: it closes at its end plus the grace
    this.endClockMs = floorTo(o.dataEndMs - 1, this.windowMs) + this.windowMs + this.graceMs;
  }

  get clockMs(): number {
    return this.clock;
  }

  /** windows closed so far (warm-up included) */
  get windowsClosed(): number {
    return this.closed;
  }

  get done(): boolean {
    return this.clock >= this.endClockMs;
  }

  /** The clock reading at which the next window closes (capped at the end). */
  nextCloseAt(): number {
    // the first window ending (plus grace) after the clock, never one before the data's first window
    let close = Math.max(floorTo(this.clock - this.graceMs, this.windowMs) + this.windowMs, this.firstWindow + this.windowMs) + this.graceMs;
    if (close <= this.clock) close += this.windowMs;
    return Math.min(this.endClockMs, close);
  }

  /** The clock reading at which the first shown window (the one holding `fromMs`) closes. */
  firstShownCloseAt(): number {
    return Math.min(this.endClockMs, this.fromMs + this.windowMs + this.graceMs);
  }

  /** Moves the clock to `t` (never back, never past the end): feeds the slice's records, closes and scores its windows. */
  async advanceTo(t: number): Promise<Advance> {
    // whole ms: a paced clock reads wall time × speed (fractional), and slice bounds are integer epoch ms
    const target = Math.min(Math.max(Math.floor(t), this.clock), this.endClockMs);
    const steps: LiveStep[] = [];
    let warmup = 0;
    let records = 0;
    // the records of [fed, target), at most up to the data's end; a record at `target` belongs to the next slice
    const until = Math.min(target, this.o.dataEndMs);
    if (until > this.fed) {
      for (const b of await this.o.source.slice(this.fed, until)) {
        records += b.length;
        this.o.featurer.push(b);
      }
      this.fed = until;
    }
    for (const row of this.o.featurer.closeUntil(target)) {
      if (row.start < this.scoreFromMs) continue;
      steps.push(this.o.scorer.step(row));
      if (row.start < this.fromMs) warmup++;
    }
    this.clock = target;
    this.closed += steps.length;
    this.recordsFed += records;
    return { steps, warmup, clockMs: target, records };
  }

  get records(): number {
    return this.recordsFed;
  }
}
