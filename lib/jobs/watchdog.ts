/** The model worker's watchdog: a training run that stops reporting progress is stopped. */
import { systemClock, type Clock } from './clock';

/** A training run with no progress message for 2 minutes is stopped (models.ts); epochs and trees report far more often. */
export const MODEL_SILENCE_MS = 120_000;

/** Calls `onExpire` once when `feed` has not been called for `limitMs` (a run with no progress). */
export class Watchdog {
  private timer: unknown = null;
  private stopped = false;

  constructor(
    private readonly limitMs: number,
    private readonly onExpire: () => void,
    private readonly clock: Clock = systemClock,
  ) {
    this.feed();
  }

  feed(): void {
    if (this.stopped) return;
    this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.stopped = true;
      this.onExpire();
    }, this.limitMs);
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
  }
}
