/**
 * Posts alert events to a webhook without ever holding up reading: events go into a bounded
 * queue drained by one sender; a failed POST (network error or non-2xx) is retried with
 * exponential backoff; when the queue is full the oldest event is dropped and counted on stderr.
 */
import type { LiveEvent } from '../live/contract';

export interface WebhookOptions {
  /** events waiting at most; default 1,000 */
  maxQueue?: number;
  /** tries per event, the first included; default 6 */
  maxTries?: number;
  /** first retry delay, ms, doubled each retry; default 250 */
  baseDelayMs?: number;
  /** one POST's time limit, ms; default 5,000 */
  timeoutMs?: number;
  notice: (message: string) => void;
}

/** Slack's incoming webhooks read `text`; other receivers get the event's fields beside it. */
function webhookBody(e: LiveEvent): string {
  const top = e.top_features.slice(0, 3).map((f) => `${f.feature}=${Number(f.value.toPrecision(4))}`).join(', ');
  const cmp = e.kind === 'recovery' ? '<' : '≥';
  const text =
    `Harbinger ${e.kind}: ${e.detector} score ${Number(e.score.toPrecision(4))} ${cmp} ${Number(e.threshold.toPrecision(4))}` +
    ` (window ${e.window_start} – ${e.window_end})${top ? `; top features: ${top}` : ''}`;
  return JSON.stringify({ text, ...e });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class WebhookQueue {
  private readonly queue: LiveEvent[] = [];
  private running = false;
  private idle: Promise<void> = Promise.resolve();
  private stopping = false;
  dropped = 0;
  sent = 0;
  failed = 0;

  constructor(private readonly url: string, private readonly o: WebhookOptions) {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`invalid --webhook "${url}": http or https only`);
  }

  push(e: LiveEvent): void {
    const max = this.o.maxQueue ?? 1000;
    if (this.queue.length >= max) {
      this.queue.shift();
      this.dropped++;
      this.o.notice(`webhook: queue full (${max} events), dropped the oldest; ${this.dropped} dropped so far`);
    }
    this.queue.push(e);
    if (!this.running) {
      this.running = true;
      this.idle = this.drain().finally(() => {
        this.running = false;
      });
    }
  }

  /** Waits for the queue to empty, at most `timeoutMs`; returns the events still unsent. */
  async flush(timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    this.stopping = true;
    return this.queue.length + (this.running ? 1 : 0);
  }

  private async drain(): Promise<void> {
    const tries = this.o.maxTries ?? 6;
    const base = this.o.baseDelayMs ?? 250;
    while (this.queue.length > 0 && !this.stopping) {
      const e = this.queue[0];
      let ok = false;
      let why = '';
      for (let t = 0; t < tries && !this.stopping; t++) {
        if (t > 0) await sleep(base * 2 ** (t - 1));
        try {
          const r = await fetch(this.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: webhookBody(e),
            signal: AbortSignal.timeout(this.o.timeoutMs ?? 5000),
          });
          await r.arrayBuffer().catch(() => undefined);
          if (r.ok) {
            ok = true;
            break;
          }
          why = `HTTP ${r.status}`;
        } catch (err) {
          why = err instanceof Error ? err.message : String(err);
        }
      }
      // the event may have been pushed out by an overflow while it was being sent
      if (this.queue[0] === e) this.queue.shift();
      if (ok) this.sent++;
      else {
        this.failed++;
        this.o.notice(`webhook: gave up on an event after ${tries} tries (${why}): ${e.kind} ${e.detector} ${e.window_start}`);
      }
    }
  }
}
