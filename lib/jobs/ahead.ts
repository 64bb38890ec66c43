import type { Batch } from '../ingest/types';
import type { LabelRow } from '../labels/types';
import { generateBatches } from '../../simulator/batches';
import { planIncidents } from '../../simulator/plan';
import type { Scenario } from '../../simulator/scenario';
import { labelRows } from './simulate';
import { byteOrder } from '../live/feature-state-rows';
import { frameOfBatches } from '../live/batch-frame';
import type { FeatureFrame, FitSpan } from '../eval/frame';
import { scenarioKey } from './scenario-key';


/**
 * A scenario's rows generated ahead, while DuckDB compiles and starts in the same worker (its
 * compile runs on V8's background threads, so the worker's own thread would otherwise idle).
 * When the page then asks to simulate that scenario, the batches in hand come first and the same
 * generator carries on: the rows are the ones a fresh run would produce, in the same order.
 * Held for a frame (`hold`), every batch is kept until `release`, so the feature frame can be
 * computed from all of them (frameAhead) whether or not DuckDB has taken them yet.
 */
export class GeneratedAhead {
  readonly key: string;
  /** generated so far, in order; an entry is freed (undefined) once the claim has handed it out and no frame holds it */
  private readonly batches: (Batch | undefined)[] = [];
  private readonly gen: Generator<Batch, void, undefined>;
  /** batches the claim has handed out */
  private taken = 0;
  private claimed = false;
  private failed = false;
  private finished = false;
  private holding = false;
  /** the page needs no frame after all (its run came from the cache) */
  private frameDropped = false;

  constructor(scenario: Scenario) {
    this.key = scenarioKey(scenario);
    this.gen = generateBatches(scenario);
  }

  /** batches generated and not yet claimed */
  get held(): number {
    return this.batches.length - this.taken;
  }

  /** Generates one more batch; false when the scenario is done or cannot be generated. */
  private step(): boolean {
    if (this.finished || this.failed) return false;
    let next: IteratorResult<Batch, void>;
    try {
      next = this.gen.next();
    } catch {
      // a scenario that cannot be generated fails again, with its message, in the real run
      this.failed = true;
      this.batches.length = 0;
      return false;
    }
    if (next.done) {
      this.finished = true;
      return false;
    }
    this.batches.push(next.value);
    return true;
  }

  /**
   * Generates until `enough()` says so, the scenario is done or the run is claimed (unless a frame
   * holds the rows: it needs all of them), pausing every `sliceMs` so the worker's other work
   * (DuckDB's start, the page's calls) gets through.
   */
  async fill(enough: () => boolean, sliceMs = 20, pause: () => Promise<void> = () => new Promise((r) => setTimeout(r, 0))): Promise<void> {
    let since = performance.now();
    while ((this.holding || !this.claimed) && !enough() && this.step()) {
      if (performance.now() - since >= sliceMs) {
        await pause();
        since = performance.now();
      }
    }
  }

  /**
   * The batches of the scenario with `key`, once: those generated ahead, then the rest from the
   * same generator. Null for another scenario, a second claim or a failed generation (the
   * caller then generates afresh).
   */
  claim(key: string): Iterable<Batch> | null {
    if (this.claimed || this.failed || key !== this.key) return null;
    this.claimed = true;
    return this.handOut();
  }

  private *handOut(): Generator<Batch, void, undefined> {
    for (;;) {
      if (this.taken === this.batches.length && !this.step()) return;
      const b = this.batches[this.taken]!;
      // freed once in DuckDB, unless a frame still needs every batch
      if (!this.holding) this.batches[this.taken] = undefined;
      this.taken++;
      yield b;
    }
  }

  get isFrameDropped(): boolean {
    return this.frameDropped;
  }

  /** whether the page's simulate took these rows */
  get isClaimed(): boolean {
    return this.claimed;
  }

  /** Other data is loading instead: generating stops, a frame waiting for the rows gets none, and they are freed. */
  abandon(): void {
    if (this.claimed) return;
    this.failed = true;
    this.batches.length = 0;
  }

  /** Keeps every batch from now on, for a frame; false when some were freed already. */
  hold(): boolean {
    if (this.taken > 0 && !this.holding) return false;
    this.holding = true;
    return !this.failed;
  }

  /** Every batch of the scenario once generation is done (generating the rest, pausing as fill does); null when it failed. */
  async all(sliceMs = 20, pause?: () => Promise<void>): Promise<readonly Batch[] | null> {
    if (!this.holding) throw new Error('all() needs hold() first');
    await this.fill(() => this.frameDropped, sliceMs, pause);
    return this.failed || this.frameDropped || !this.finished ? null : (this.batches as Batch[]);
  }

  /** No frame is wanted any more: generating for it stops (a claim still gets every row) and a waiting frame gets none. */
  dropFrame(): void {
    this.frameDropped = true;
    this.release();
  }

  /** The frame has what it needs: batches DuckDB has taken are freed, the rest when it takes them. */
  release(): void {
    this.holding = false;
    for (let k = 0; k < this.taken; k++) this.batches[k] = undefined;
  }
}

/** What training needs before DuckDB has the rows: the feature frame and the labels. */
export interface AheadInputs {
  frame: FeatureFrame;
  labels: LabelRow[];
}

/**
 * The simulation's labels as the engine's `labels` table answers them (readLabels: ordered by
 * start, incident id, phase; whole ms).
 */
export function simulatedLabels(scenario: Scenario): LabelRow[] {
  return labelRows(planIncidents(scenario))
    .map((r) => ({ ...r, start: Math.floor(r.start), end: Math.floor(r.end) }))
    .sort((a, b) => a.start - b.start || byteOrder(a.incidentId, b.incidentId) || byteOrder(a.phase, b.phase));
}

/**
 * The feature frame and labels of the scenario `ahead` generates, computed from its rows in JS
 * (equal to the engine's SQL frame: lib/live/batch-frame.test.ts). Null when generating failed
 * or the rows were handed to DuckDB before the frame asked to hold them.
 */
export async function frameAhead(
  ahead: GeneratedAhead,
  scenario: Scenario,
  windowSec: number,
  features: readonly string[] | null,
  fit: FitSpan,
  /** how generating the rest yields to the worker's other work (GeneratedAhead.fill) */
  yields: { sliceMs?: number; pause?: () => Promise<void> } = {},
): Promise<AheadInputs | null> {
  if (scenarioKey(scenario) !== ahead.key || ahead.isFrameDropped || !ahead.hold()) return null;
  try {
    const batches = await ahead.all(yields.sliceMs, yields.pause);
    if (batches === null) return null;
    return { frame: frameOfBatches(batches, windowSec, features, fit), labels: simulatedLabels(scenario) };
  } finally {
    ahead.release();
  }
}
