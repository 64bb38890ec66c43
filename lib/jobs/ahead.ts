import type { Batch } from '../ingest/types';
import { generateBatches } from '../../simulator/batches';
import type { Scenario } from '../../simulator/scenario';

/** What makes two scenarios the same simulation (they come from the spec, so key order is stable). */
export const scenarioKey = (s: Scenario) => JSON.stringify(s);

/**
 * A scenario's rows generated ahead, while DuckDB compiles and starts in the same worker (its
 * compile runs on V8's background threads, so the worker's own thread would otherwise idle).
 * When the page then asks to simulate that scenario, the batches in hand come first and the same
 * generator carries on: the rows are the ones a fresh run would produce, in the same order.
 */
export class GeneratedAhead {
  readonly key: string;
  private readonly buffer: Batch[] = [];
  private readonly gen: Generator<Batch, void, undefined>;
  private claimed = false;
  private failed = false;

  constructor(scenario: Scenario) {
    this.key = scenarioKey(scenario);
    this.gen = generateBatches(scenario);
  }

  /** batches generated and not yet claimed */
  get held(): number {
    return this.buffer.length;
  }

  /**
   * Generates until `enough()` says so, the scenario is done or the run is claimed, pausing every
   * `sliceMs` so the worker's other work (DuckDB's start, the page's calls) gets through.
   */
  async fill(enough: () => boolean, sliceMs = 20, pause: () => Promise<void> = () => new Promise((r) => setTimeout(r, 0))): Promise<void> {
    let since = performance.now();
    while (!this.claimed && !this.failed && !enough()) {
      let next: IteratorResult<Batch, void>;
      try {
        next = this.gen.next();
      } catch {
        // a scenario that cannot be generated fails again, with its message, in the real run
        this.failed = true;
        this.buffer.length = 0;
        return;
      }
      if (next.done) return;
      this.buffer.push(next.value);
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
    const { buffer, gen } = this;
    return (function* () {
      // shifted out so each batch can be freed once it is in DuckDB
      for (let b = buffer.shift(); b !== undefined; b = buffer.shift()) yield b;
      yield* gen;
    })();
  }
}
