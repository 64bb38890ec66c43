/**
 * A record source that asks for the next slice as soon as it has answered this one, so the engine
 * worker runs its queries while the live worker features and scores (two threads working instead
 * of taking turns). The next slice is guessed as the one after this, of the same length: the
 * runner's slices grow and shrink by halves and doubles, and a guess that does not match is cut
 * (a shorter request) or topped up (a longer one), so every record is still handed over exactly
 * once and each table in time order.
 */
import type { Batch } from '../ingest/types';
import type { RecordSource } from './replay';

/** Rows `from ≤ k < to` of a batch: every per-row column sliced alike. */
function rowsOf<B extends Batch>(b: B, from: number, to: number): B {
  const out: Record<string, unknown> = { table: b.table, length: to - from };
  for (const [k, v] of Object.entries(b)) {
    if (k === 'table' || k === 'length' || v === undefined) continue;
    out[k] = (v as Float64Array | unknown[]).slice(from, to);
  }
  return out as unknown as B;
}

/** A batch in time order cut at `at`: rows with ts < at, and the rest. */
export function splitBatch<B extends Batch>(b: B, at: number): [B, B] {
  let lo = 0;
  let hi = b.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (b.ts[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return [rowsOf(b, 0, lo), rowsOf(b, lo, b.length)];
}

interface Ahead {
  from: number;
  to: number;
  batches: Promise<Batch[]>;
}

export function prefetching(source: RecordSource): RecordSource {
  let ahead: Ahead | null = null;
  const request = (from: number, to: number): Ahead => {
    const batches = source.slice(from, to);
    // a failed guess surfaces when (if) its slice is asked for, not as an unhandled rejection
    batches.catch(() => undefined);
    return { from, to, batches };
  };
  return {
    async slice(from, to) {
      const a = ahead;
      ahead = null;
      let got: Batch[];
      if (a !== null && a.from === from && a.to > to) {
        // a shorter slice than guessed: hand over its head, keep the tail for the next call
        const head: Batch[] = [];
        const tail: Batch[] = [];
        for (const b of await a.batches) {
          const [h, t] = splitBatch(b, to);
          if (h.length > 0) head.push(h);
          if (t.length > 0) tail.push(t);
        }
        ahead = { from: to, to: a.to, batches: Promise.resolve(tail) };
        return head;
      }
      if (a !== null && a.from === from) {
        const pre = await a.batches;
        got = a.to < to ? [...pre, ...(await source.slice(a.to, to))] : pre;
      } else {
        got = await source.slice(from, to);
      }
      ahead = request(to, to + (to - from));
      return got;
    },
  };
}
